import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { allTopics, deadLetterOf, replayDeadLetters, TOPICS } from "@gcn/shared";
import { kafkaBrokersOrSkip } from "@gcn/shared/testing";
import { readTopic } from "./drill-kit";

/** The platform's topics under a prefix of this test's own, with `partitions` each. */
async function freshTopics(brokers: string[], partitions: number) {
  const prefix = `replay-${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({ clientId: "replay-test", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: allTopics().map((topic) => ({ topic: prefix + topic, numPartitions: partitions })),
  });
  await admin.disconnect();
  return { kafka, prefix };
}

describe("npm run dlq:replay", () => {
  it("sends dead letters back to their topic once, leaving foreign messages alone", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const { kafka, prefix } = await freshTopics(brokers, 1);
    // Idempotent: a retried send on a topic whose leaders just moved writes no second copy.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: `${prefix}${TOPICS.plan}.dlq`,
      messages: [
        {
          key: "item-1",
          value: '{"id":"e-1"}',
          headers: {
            "content-type": "application/cloudevents+json",
            "gcn-original-topic": TOPICS.plan,
            "gcn-original-partition": "0",
            "gcn-original-offset": "7",
            "gcn-consumer": "gcn.reputation.plan",
            "gcn-attempts": "1",
            "gcn-error": "entity unknown yet",
          },
        },
        { key: "stray", value: "not ours" },
      ],
    });
    await producer.disconnect();

    const lines: string[] = [];
    const first = await replayDeadLetters({
      brokers,
      topic: TOPICS.plan,
      topicPrefix: prefix,
      onMessage: (line) => lines.push(line),
    });
    assert.deepEqual(first, { read: 2, replayed: 1, skipped: 1, failedAgain: [] });
    assert.match(lines[0]!, /replaying gcn\.plan\.v1 .*entity unknown yet/);
    const back = await readTopic(brokers, prefix + TOPICS.plan, 1);
    assert.equal(back.length, 1);
    assert.equal(back[0]!.key, "item-1");
    assert.equal(back[0]!.value, '{"id":"e-1"}');
    assert.deepEqual(
      back[0]!.headers,
      { "content-type": "application/cloudevents+json" },
      "the original message: a CloudEvent again, no dead-letter bookkeeping",
    );

    const again = await replayDeadLetters({ brokers, topic: TOPICS.plan, topicPrefix: prefix });
    assert.deepEqual(
      again,
      { read: 0, replayed: 0, skipped: 0, failedAgain: [] },
      "a second run replays nothing old",
    );
  });

  it("replays each dead letter once and stops while a consumer still dead-letters them, saying which failed again", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const { kafka, prefix } = await freshTopics(brokers, 3);
    // Idempotent: a retried send on a topic whose leaders just moved writes no second copy.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // A consumer whose handler still fails: every message it reads goes back to the .dlq.
    const stillFailing = kafka.consumer({ groupId: `${prefix}still-failing` });
    await stillFailing.connect();
    await stillFailing.subscribe({ topic: prefix + TOPICS.plan, fromBeginning: true });
    await stillFailing.run({
      eachMessage: async ({ partition, message }) => {
        const dead = deadLetterOf(
          {
            topic: TOPICS.plan,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: { "content-type": "application/cloudevents+json" },
          },
          "still-failing",
          "still broken",
          1,
        );
        await producer.send({
          topic: prefix + dead.topic,
          messages: [{ key: dead.key, value: dead.value, headers: dead.headers }],
        });
      },
    });
    await producer.send({
      topic: `${prefix}${TOPICS.plan}.dlq`,
      messages: [1, 2, 3].map((n) => ({
        key: `item-${n}`,
        value: `{"n":${n}}`,
        headers: { "gcn-original-topic": TOPICS.plan, "gcn-error": "broken" },
      })),
    });
    try {
      const started = Date.now();
      const result = await replayDeadLetters({
        brokers,
        topic: TOPICS.plan,
        topicPrefix: prefix,
        watchMs: 8000,
      });
      t.diagnostic(`replay ended after ${Date.now() - started} ms`);
      assert.equal(result.read, 3);
      assert.equal(result.replayed, 3, "each once, not its new dead-lettered copies");
      assert.equal(result.failedAgain.length, 3);
      assert.ok(result.failedAgain.every((failure) => failure.reason === "still broken"));
      const main = await readTopic(brokers, prefix + TOPICS.plan, 3);
      assert.equal(main.length, 3, "the main topic got each dead letter once");

      const dryRun = await replayDeadLetters({
        brokers,
        topic: TOPICS.plan,
        topicPrefix: prefix,
        dryRun: true,
      });
      assert.equal(dryRun.read, 3, "the dry run lists what a real run would replay next");
      assert.equal(dryRun.replayed, 0);
      assert.equal((await readTopic(brokers, prefix + TOPICS.plan, 3)).length, 3, "sent nothing");
    } finally {
      await stillFailing.disconnect();
      await producer.disconnect();
    }
  });
});

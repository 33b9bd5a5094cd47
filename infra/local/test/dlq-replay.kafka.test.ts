import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { allTopics, replayDeadLetters, TOPICS } from "@gcn/shared";
import { kafkaBrokersOrSkip } from "@gcn/shared/testing";
import { readTopic } from "./drill-kit";

describe("npm run dlq:replay", () => {
  it("sends dead letters back to their topic once, leaving foreign messages alone", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const prefix = `replay-${randomUUID().slice(0, 8)}.`;
    const kafka = new Kafka({ clientId: "replay-test", brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: allTopics().map((topic) => ({ topic: prefix + topic, numPartitions: 1 })),
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${TOPICS.plan}.dlq`,
      messages: [
        {
          key: "item-1",
          value: '{"id":"e-1"}',
          headers: { "gcn-original-topic": TOPICS.plan, "gcn-error": "entity unknown yet" },
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
    assert.deepEqual(first, { read: 2, replayed: 1, skipped: 1 });
    assert.match(lines[0]!, /replaying gcn\.plan\.v1 .*entity unknown yet/);
    const back = await readTopic(brokers, prefix + TOPICS.plan, 1);
    assert.equal(back.length, 1);
    assert.equal(back[0]!.key, "item-1");
    assert.equal(back[0]!.value, '{"id":"e-1"}');
    assert.ok(back[0]!.headers["gcn-replayed-at"]);

    const again = await replayDeadLetters({ brokers, topic: TOPICS.plan, topicPrefix: prefix });
    assert.deepEqual(
      again,
      { read: 0, replayed: 0, skipped: 0 },
      "a second run replays nothing old",
    );
  });
});

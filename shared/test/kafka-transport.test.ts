import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createRequire } from "node:module";
import { logLevel } from "kafkajs";
import { Kafka } from "../src/events/kafka-client";
import type { DataSource } from "typeorm";
import { EventConsumer } from "../src/events/event-consumer";
import { KafkaTransport } from "../src/events/kafka-transport";
import { createLogger } from "../src/logging/logger";
import { dropTestDatabase, kafkaBrokersOrSkip, waitFor } from "../src/testing/test-helpers";
import { applyToProjection, createEventTestDatabase, thingEvent } from "./event-test-kit";

const logger = createLogger("test", "silent");

function envelopeValue(subject: string, sequence: number): string {
  return JSON.stringify(thingEvent(subject, sequence));
}

/** Reads everything on a topic from the beginning with a throwaway group. */
async function readTopic(brokers: string[], topic: string, expected: number) {
  const kafka = new Kafka({ brokers, clientId: "test-reader", logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      seen.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? "",
        headers,
      });
    },
  });
  await waitFor(() => seen.length >= expected, {
    timeoutMs: 20_000,
    what: `${expected} messages on ${topic}`,
  });
  await consumer.disconnect();
  return seen;
}

describe("kafkajs's request queue, idle", () => {
  it("runs no timer loop on an idle connection (kafkajs#1556), and still sends what is queued", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const queue = (
      createRequire(require.resolve("kafkajs"))("./src/network/requestQueue") as {
        prototype: { checkPendingRequests(): void };
      }
    ).prototype;
    const check = queue.checkPendingRequests;
    let checks = 0;
    queue.checkPendingRequests = function (this: unknown) {
      checks++;
      check.call(this);
    };
    const kafka = new Kafka({ brokers, clientId: "test-idle", logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      checks = 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // kafkajs 2.2.4 as published checks its empty queue as fast as timers fire (hundreds).
      assert.ok(checks < 5, `${checks} checks of an empty queue in a second`);
      assert.ok(Array.isArray(await admin.listTopics()), "a request made later is answered");
    } finally {
      queue.checkPendingRequests = check;
      await admin.disconnect();
    }
  });
});

describe("Kafka transport on a real broker", () => {
  let db: DataSource;
  let url: string;
  let brokers: string[] | undefined;
  const topic = `test.kafka.${randomUUID().slice(0, 8)}.v1`;

  before(async () => {
    ({ db, url } = await createEventTestDatabase("kafka_test"));
  });
  after(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  it("delivers every message once per group, in order per key, and commits only handled offsets", async (t) => {
    brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const transport = new KafkaTransport({
      brokers,
      clientId: "test",
      logger,
      topics: [topic, `${topic}.dlq`],
    });
    const keys = Array.from({ length: 5 }, () => randomUUID());
    const first = keys.flatMap((key) =>
      [1, 2, 3, 4].map((sequence) => ({ topic, key, value: envelopeValue(key, sequence) })),
    );
    await transport.publish(first);

    const consumerOptions = {
      name: `group-${randomUUID().slice(0, 8)}`,
      dataSource: db,
      logger,
      topics: [topic],
      handlers: { "gcn.testsvc.Thing.v1": applyToProjection },
    };
    const consumerA = new EventConsumer({ ...consumerOptions, transport });
    await consumerA.start();
    const countApplied = async () =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM apply_log WHERE aggregate_id = ANY($1)`, [
          keys,
        ])) as { n: number }[]
      )[0]!.n;
    await waitFor(async () => (await countApplied()) === 20, {
      timeoutMs: 30_000,
      what: "20 applied events",
    });
    await consumerA.stop();
    await transport.close();

    // A restarted member of the same group resumes from the committed offsets: it sees only the
    // new messages, and the inbox would absorb any redelivered one.
    const transportB = new KafkaTransport({ brokers, clientId: "test-b", logger });
    const fifth = keys.map((key) => ({ topic, key, value: envelopeValue(key, 5) }));
    // Each fifth event goes out twice (as after a relay crash between send and mark).
    await transportB.publish([...fifth, ...fifth]);
    const consumerB = new EventConsumer({ ...consumerOptions, transport: transportB });
    await consumerB.start();
    await waitFor(async () => (await countApplied()) === 25, {
      timeoutMs: 30_000,
      what: "25 applied events",
    });
    await waitFor(() => consumerB.stats.duplicates === 5, {
      timeoutMs: 10_000,
      what: "5 duplicates seen",
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await countApplied(), 25);
    assert.equal(consumerB.stats.applied, 5, "the restarted member applies only the new messages");
    assert.equal(consumerB.stats.duplicates, 5, "each redelivered event is recognised and skipped");
    // Ten messages published together arrive in one fetch: applied in batch transactions, the
    // copies inside the same batch counted once.
    assert.ok(consumerB.stats.batchTransactions >= 1, "a fetched batch applied in one transaction");
    await consumerB.stop();
    await transportB.close();

    const log = (await db.query(
      `SELECT aggregate_id, sequence FROM apply_log WHERE aggregate_id = ANY($1) ORDER BY id`,
      [keys],
    )) as { aggregate_id: string; sequence: number }[];
    for (const key of keys) {
      assert.deepEqual(
        log.filter((row) => row.aggregate_id === key).map((row) => row.sequence),
        [1, 2, 3, 4, 5],
        "per-key order",
      );
    }
  });

  it("puts a poison message on <topic>.dlq with its error and keeps consuming", async (t) => {
    brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const transport = new KafkaTransport({
      brokers,
      clientId: "test-dlq",
      logger,
      topics: [topic, `${topic}.dlq`],
    });
    const good = randomUUID();
    await transport.publish([
      { topic, key: "poison", value: "{ definitely not an envelope" },
      { topic, key: good, value: envelopeValue(good, 1) },
    ]);
    const consumer = new EventConsumer({
      name: `dlq-group-${randomUUID().slice(0, 8)}`,
      dataSource: db,
      transport,
      logger,
      topics: [topic],
      retryDelayMs: 1,
      handlers: { "gcn.testsvc.Thing.v1": applyToProjection },
    });
    await consumer.start();
    await waitFor(
      async () =>
        ((await db.query(`SELECT 1 FROM projection WHERE aggregate_id = $1`, [good])) as unknown[])
          .length === 1,
      { timeoutMs: 30_000, what: "the good message to apply" },
    );
    // The two messages sit on different partitions, so the poison one may still be in its tries.
    await waitFor(() => consumer.stats.deadLettered === 1, {
      timeoutMs: 30_000,
      what: "the poison message to be dead-lettered",
    });
    await consumer.stop();
    await transport.close();
    const dead = await readTopic(brokers, `${topic}.dlq`, 1);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.value, "{ definitely not an envelope");
    assert.match(dead[0]!.headers["gcn-error"]!, /not JSON/);
    assert.equal(dead[0]!.headers["gcn-original-topic"], topic);
  });
});

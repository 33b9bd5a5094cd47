import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe } from "node:test";
import { itOnKafka, waitFor } from "@gcn/shared/testing";
import { Kafka, logLevel } from "kafkajs";
import { startPlatformForTest } from "./platform-test-kit";

describe("collector samples on a real Kafka broker", () => {
  itOnKafka(
    "makes a sample on gcn.reputation.samples.v1 queryable within 5 s and puts a malformed one in the .dlq",
    (brokers) => startPlatformForTest({ kafkaBrokers: brokers }),
    async (platform, brokers, t) => {
      const p = platform;
      const registered = await p.as<{ registerEntity: { id: string } }>(
        ["ADMIN"],
        `mutation { registerEntity(input: { code: "COLLECTED", nameAr: "جهة مرصودة", kind: AGENCY }) { id } }`,
      );
      const entityId = registered.data!.registerEntity.id;
      // The reputation service must know the entity before it accepts its samples.
      await waitFor(
        async () =>
          (
            (await p.reputation.dataSource.query(`SELECT 1 FROM entity_profile WHERE id = $1`, [
              entityId,
            ])) as unknown[]
          ).length > 0,
        { timeoutMs: 10_000, what: "the reputation service to know the entity" },
      );
      const kafka = new Kafka({ brokers, clientId: "collector-test", logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      const topic = `${p.topicPrefix}gcn.reputation.samples.v1`;
      const sentAt = Date.now();
      await producer.send({
        topic,
        messages: [
          {
            key: entityId,
            value: JSON.stringify({
              entityId,
              platform: "INSTAGRAM",
              date: "2026-10-07",
              impressions: 777,
              followers: 1200,
            }),
          },
          { key: "broken", value: "this is not a sample" },
          { key: "empty", value: null },
        ],
      });
      await producer.disconnect();
      const series = await waitFor(
        async () => {
          const result = await p.as<{
            metricSeries: { date: string; impressions: number; followers: number }[];
          }>(
            ["ANALYST"],
            `query($e: ID!) { metricSeries(entityId: $e, from: "2026-10-01", to: "2026-10-31") { date impressions followers } }`,
            { e: entityId },
          );
          return result.data && result.data.metricSeries.length > 0
            ? result.data.metricSeries
            : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 100, what: "the sample to be queryable" },
      );
      t.diagnostic(`sample queryable ${Date.now() - sentAt} ms after it was sent`);
      assert.deepEqual(series, [{ date: "2026-10-07", impressions: 777, followers: 1200 }]);

      const readDeadLetters = async (expected: number) => {
        const reader = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
        const dead: { key: string | null; value: string | null; error: string }[] = [];
        await reader.connect();
        await reader.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
        await reader.run({
          eachMessage: async ({ message }) => {
            dead.push({
              key: message.key?.toString() ?? null,
              value: message.value === null ? null : message.value.toString(),
              error: String(message.headers?.["gcn-error"] ?? ""),
            });
          },
        });
        await waitFor(() => dead.length >= expected, {
          timeoutMs: 20_000,
          what: "the malformed samples on the .dlq",
        });
        // Anything more (a second copy) would arrive within this quiet time.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await reader.disconnect();
        return dead.sort((a, b) => String(a.key).localeCompare(String(b.key)));
      };
      const expected = [
        { key: "broken", value: "this is not a sample", error: "the message is not JSON" },
        { key: "empty", value: null, error: "the message is not JSON" },
      ];
      assert.deepEqual(await readDeadLetters(2), expected, "a missing value stays null");

      // A rewind of the collectors' group reads both again: neither is dead-lettered twice.
      const samples = p.reputation.consumers.find((consumer) => consumer.name.endsWith("samples"))!;
      await samples.stop();
      const admin = kafka.admin();
      await admin.connect();
      await admin.resetOffsets({ groupId: samples.name, topic, earliest: true });
      await admin.disconnect();
      await samples.start();
      // One more malformed message behind each of the two on their partitions (same keys): once
      // these are dead-lettered, the rewound messages before them have been read again.
      const sentinel = kafka.producer();
      await sentinel.connect();
      await sentinel.send({
        topic,
        messages: [
          { key: "broken", value: "sentinel" },
          { key: "empty", value: "sentinel" },
        ],
      });
      await sentinel.disconnect();
      const all = await readDeadLetters(4);
      assert.deepEqual(
        all.filter((dead) => dead.value !== "sentinel"),
        expected,
        "each offset is dead-lettered once",
      );
      assert.equal(all.length, 4);
    },
  );
});

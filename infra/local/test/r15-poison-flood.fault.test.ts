import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe } from "node:test";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { TOPICS } from "@gcn/shared";
import { anEntity, itOnKafka, waitFor } from "@gcn/shared/testing";
import { queryRows, readTopic, startEntitiesAndPlan } from "./drill-kit";

const GOOD = 10_000;
const POISON = 500;

/** An EntityRegistered envelope as the entities service writes it. */
function registered(index: number): string {
  const id = randomUUID();
  return JSON.stringify({
    specversion: "1.0",
    id: randomUUID(),
    source: "/gcn/entities",
    type: "gcn.entities.EntityRegistered.v1",
    subject: id,
    time: new Date().toISOString(),
    datacontenttype: "application/json",
    sequence: "00000000000000000001",
    correlationid: `r15-${index}`,
    actor: "drill",
    data: anEntity({ id, code: `R15_${index}` }),
  });
}

/** Three kinds of poison: not JSON, JSON but no envelope, an envelope whose data breaks the schema. */
function poison(index: number): string {
  if (index % 3 === 0) return `not json ${index}`;
  if (index % 3 === 1) return JSON.stringify({ hello: index });
  return JSON.stringify({ ...JSON.parse(registered(index)), data: { nothing: index } });
}

async function membersOf(admin: Admin, groupId: string): Promise<string[]> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups[0]!.members.map((member) => member.memberId).sort();
}

async function lagOf(admin: Admin, groupId: string, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.reduce((lag, end) => {
    const at = committed!.partitions.find((p) => p.partition === end.partition)!.offset;
    return lag + Number(end.high) - Math.max(0, Number(at));
  }, 0);
}

/** R15: 500 poison messages among 10,000 good ones on a 6-partition topic. */
describe("R15: a flood of poison messages", () => {
  itOnKafka(
    "dead-letters each poison message once, applies every good one, and keeps the member in its group",
    (brokers) => startEntitiesAndPlan("r15", brokers),
    async (pair, brokers) => {
      const { planDb, prefix } = pair;
      const topic = prefix + TOPICS.entities;
      const kafka = new Kafka({ clientId: "drill-r15", brokers, logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { groups } = await admin.listGroups();
        const groupId = groups
          .map((group) => group.groupId)
          .find((id) => id.startsWith(prefix) && id.endsWith("entities"));
        assert.ok(groupId, "the plan's consumer group of the entities topic");
        const membersBefore = await waitFor(
          async () => {
            const members = await membersOf(admin, groupId);
            return members.length > 0 ? members : undefined;
          },
          { timeoutMs: 30_000, what: "the plan's consumer to join its group" },
        );

        // Poison spread evenly through the good messages, on every partition (random keys).
        const messages = Array.from({ length: GOOD + POISON }, (_, i) => {
          const isPoison = i % ((GOOD + POISON) / POISON) === 0;
          return { key: randomUUID(), value: isPoison ? poison(i) : registered(i), isPoison };
        });
        assert.equal(messages.filter((m) => m.isPoison).length, POISON);
        const producer = kafka.producer();
        await producer.connect();
        const sentAt = Date.now();
        for (let i = 0; i < messages.length; i += 1000) {
          await producer.send({
            topic,
            messages: messages.slice(i, i + 1000).map(({ key, value }) => ({ key, value })),
          });
        }
        await producer.disconnect();

        await waitFor(async () => (await lagOf(admin, groupId, topic)) === 0, {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: "the plan's lag on the entities topic to reach 0",
        });
        const drained = (Date.now() - sentAt) / 1000;
        const [applied] = await queryRows<{ n: number }>(
          planDb,
          `SELECT count(*)::int AS n FROM entity_ref WHERE code LIKE 'R15_%'`,
        );
        const deadLetters = await readTopic(brokers, `${topic}.dlq`, POISON, 3000);
        const membersAfter = await membersOf(admin, groupId);
        console.log(
          `# R15: lag 0 after ${drained.toFixed(1)} s; ${applied!.n} applied, ${deadLetters.length} dead-lettered; members ${membersBefore.join(",")} -> ${membersAfter.join(",")}`,
        );
        assert.equal(applied!.n, GOOD, "every good message applied");
        assert.equal(deadLetters.length, POISON, "exactly the poison messages, each once");
        const distinct = new Set(
          deadLetters.map(
            (m) => `${m.headers["gcn-original-partition"]}/${m.headers["gcn-original-offset"]}`,
          ),
        );
        assert.equal(distinct.size, POISON, "no offset dead-lettered twice");
        assert.ok(
          deadLetters.every((m) => m.headers["gcn-attempts"] === "1"),
          "no retries",
        );
        assert.deepEqual(membersAfter, membersBefore, "the member never left its group");
      } finally {
        await admin.disconnect();
      }
    },
  );
});

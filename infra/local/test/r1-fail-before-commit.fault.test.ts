import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe } from "node:test";
import { TOPICS } from "@gcn/shared";
import { createTestDatabase, dropTestDatabase, itOnKafka } from "@gcn/shared/testing";
import { queryRows, readTopic, registerEntity, serviceProcess } from "./drill-kit";

/** The entities service alone, as its own process, failing every 10th recorded event. */
async function startFailingEntities(brokers: string[]) {
  const database = await createTestDatabase("drill_r1");
  const prefix = `drill-${randomUUID().slice(0, 8)}.`;
  const entities = await serviceProcess("entities", {
    ENTITIES_DATABASE_URL: database,
    KAFKA_BROKERS: brokers.join(","),
    KAFKA_TOPIC_PREFIX: prefix,
    CONSUMER_GROUP_PREFIX: prefix,
    GCN_FAULT_FAIL_BEFORE_COMMIT_EVERY: "10",
  });
  await entities.start();
  return {
    entities,
    database,
    prefix,
    stop: async () => {
      await entities.kill("SIGTERM");
      await dropTestDatabase(database);
    },
  };
}

/** R1: 1 in 10 of 500 mutations fails after its row is written, before commit. */
describe("R1: a mutation that fails before commit leaves nothing behind", () => {
  itOnKafka(
    "keeps exactly the successful rows, each with one outbox row and one event on Kafka",
    startFailingEntities,
    async ({ entities, database, prefix }, brokers) => {
      const succeeded = new Map<string, string>();
      const failed: string[] = [];
      for (let i = 1; i <= 500; i++) {
        const code = `R1_${i}`;
        const { id, errorCode } = await registerEntity(entities.url, code);
        if (id) succeeded.set(id, code);
        else {
          assert.equal(errorCode, "INTERNAL_SERVER_ERROR", `${code}: ${errorCode}`);
          failed.push(code);
        }
      }
      console.log(
        `# R1: 500 registerEntity, ${succeeded.size} committed, ${failed.length} failed before commit`,
      );
      assert.equal(failed.length, 50, "every 10th mutation fails");

      const rows = await queryRows<{ id: string; code: string }>(
        database,
        `SELECT id::text, code FROM government_entity`,
      );
      assert.deepEqual(new Map(rows.map((row) => [row.id, row.code])), succeeded);
      const outbox = await queryRows<{ aggregateid: string; n: number; last: number }>(
        database,
        `SELECT aggregateid, count(*)::int AS n, max(sequence)::int AS last FROM outbox GROUP BY aggregateid`,
      );
      assert.equal(outbox.length, succeeded.size, "one aggregate in the outbox per committed row");
      assert.ok(
        outbox.every((row) => succeeded.has(row.aggregateid) && row.n === 1 && row.last === 1),
      );
      const events = await readTopic(brokers, prefix + TOPICS.entities, succeeded.size);
      const subjects = events.map(
        (event) => (JSON.parse(event.value) as { subject: string }).subject,
      );
      console.log(
        `# R1: ${events.length} events on the topic for ${succeeded.size} committed rows`,
      );
      assert.equal(new Set(subjects).size, succeeded.size, "one event per committed row");
      assert.ok(
        subjects.every((subject) => succeeded.has(subject)),
        "no event for a failed mutation",
      );
    },
  );
});

import assert from "node:assert/strict";
import { describe } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { TOPICS } from "@gcn/shared";
import { itOnKafka, testServerUrl, waitFor } from "@gcn/shared/testing";
import { queryRows, readTopic, registerEntity, startEntitiesAndPlan } from "./drill-kit";

/** R6: one malformed event among 1,000, while the consumer's database is away for 10 s. */
describe("R6: a poison message and a database outage", () => {
  let blocked = "";
  /** The pair, whose stop lets the plan's database take connections again if the test did not. */
  const start = async (brokers: string[]) => {
    const pair = await startEntitiesAndPlan("r6", brokers);
    return {
      ...pair,
      stop: async () => {
        if (blocked)
          await queryRows(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS true`);
        await pair.stop();
      },
    };
  };

  itOnKafka(
    "applies 999, dead-letters exactly the malformed one, and dead-letters nothing for the outage",
    start,
    async ({ entities, planDb, prefix }, brokers) => {
      // The plan's database goes away: no new connection, and the open ones are cut.
      blocked = new URL(planDb).pathname.slice(1);
      await queryRows(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS false`);
      await queryRows(
        testServerUrl(),
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${blocked}'`,
      );
      const outageStarted = Date.now();

      const kafka = new Kafka({ clientId: "drill-r6", brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      for (let i = 0; i < 999; i++) {
        if (i === 500) {
          await producer.send({
            topic: prefix + TOPICS.entities,
            messages: [{ key: "poison", value: '{"specversion":"1.0","id":"not-an-event"' }],
          });
        }
        const { id } = await registerEntity(entities.url, `R6_${i}`);
        assert.ok(id, "the entities service takes writes while the plan's database is away");
      }
      await producer.disconnect();
      const remaining = 10_000 - (Date.now() - outageStarted);
      if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
      const outageSeconds = (Date.now() - outageStarted) / 1000;
      await queryRows(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS true`);
      blocked = "";
      console.log(
        `# R6: 999 events and 1 malformed message sent while the plan's database was away for ${outageSeconds.toFixed(1)} s`,
      );

      await waitFor(
        async () =>
          (await queryRows<{ n: number }>(planDb, `SELECT count(*)::int AS n FROM entity_ref`))[0]!
            .n === 999,
        { timeoutMs: 90_000, what: "the plan to apply all 999 events after the outage" },
      );
      const applied = await queryRows<{ n: number }>(
        planDb,
        `SELECT count(*)::int AS n FROM processed_event`,
      );
      const deadLetters = await readTopic(brokers, `${prefix}${TOPICS.entities}.dlq`, 1, 3000);
      console.log(
        `# R6: ${applied[0]!.n} applied, ${deadLetters.length} dead-lettered: ${deadLetters[0]?.headers["gcn-error"]}`,
      );
      assert.equal(applied[0]!.n, 999);
      assert.equal(deadLetters.length, 1, "only the malformed message, nothing for the outage");
      assert.equal(deadLetters[0]!.key, "poison");
      assert.ok(deadLetters[0]!.headers["gcn-error"], "the dead letter says why");
    },
  );
});

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { Client } from "pg";
import { TOPICS } from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  kafkaBrokersOrSkip,
  signedHeaders,
  testServerUrl,
  waitFor,
} from "@gcn/shared/testing";
import { readTopic, serviceProcess, type ServiceProcess } from "./drill-kit";

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** R6: one malformed event among 1,000, while the consumer's database is away for 10 s. */
describe("R6: a poison message and a database outage", () => {
  const processes: ServiceProcess[] = [];
  const databases: string[] = [];
  let blocked = "";
  after(async () => {
    if (blocked) await query(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS true`);
    for (const process of processes) await process.kill("SIGKILL");
    for (const database of databases) await dropTestDatabase(database);
  });

  it("applies 999, dead-letters exactly the malformed one, and dead-letters nothing for the outage", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const entitiesDb = await createTestDatabase("drill_r6_entities");
    const planDb = await createTestDatabase("drill_r6_plan");
    databases.push(entitiesDb, planDb);
    const prefix = `drill-${randomUUID().slice(0, 8)}.`;
    const common = {
      KAFKA_BROKERS: brokers.join(","),
      KAFKA_TOPIC_PREFIX: prefix,
      CONSUMER_GROUP_PREFIX: prefix,
    };
    const entities = await serviceProcess("entities", {
      ...common,
      ENTITIES_DATABASE_URL: entitiesDb,
    });
    const plan = await serviceProcess("plan", { ...common, PLAN_DATABASE_URL: planDb });
    processes.push(entities, plan);
    await plan.start();
    await entities.start();

    // The plan's database goes away: no new connection, and the open ones are cut.
    blocked = new URL(planDb).pathname.slice(1);
    await query(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS false`);
    await query(
      testServerUrl(),
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${blocked}'`,
    );
    const outageStarted = Date.now();

    const headers = signedHeaders({ sub: "drill", roles: ["ADMIN"] });
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
      const response = await fetch(entities.url, {
        method: "POST",
        headers,
        body: JSON.stringify({
          query: `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "جهة التمرين", kind: AGENCY }) { id } }`,
          variables: { code: `R6_${i}` },
        }),
      });
      assert.equal(response.status, 200);
    }
    await producer.disconnect();
    const remaining = 10_000 - (Date.now() - outageStarted);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    const outageSeconds = (Date.now() - outageStarted) / 1000;
    await query(testServerUrl(), `ALTER DATABASE "${blocked}" ALLOW_CONNECTIONS true`);
    blocked = "";
    console.log(
      `# R6: 999 events and 1 malformed message sent while the plan's database was away for ${outageSeconds.toFixed(1)} s`,
    );

    await waitFor(
      async () =>
        (await query<{ n: number }>(planDb, `SELECT count(*)::int AS n FROM entity_ref`))[0]!.n ===
        999,
      { timeoutMs: 90_000, what: "the plan to apply all 999 events after the outage" },
    );
    const applied = await query<{ n: number }>(
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
  });
});

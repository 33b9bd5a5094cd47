import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Client } from "pg";
import {
  createTestDatabase,
  dropTestDatabase,
  kafkaBrokersOrSkip,
  signedHeaders,
  waitFor,
} from "@gcn/shared/testing";
import { serviceProcess, type ServiceProcess } from "./drill-kit";

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** R12: SIGTERM to a producing and to a consuming service in the middle of 500 mutations. */
describe("R12: SIGTERM under load", () => {
  const processes: ServiceProcess[] = [];
  const databases: string[] = [];
  after(async () => {
    for (const process of processes) await process.kill("SIGKILL");
    for (const database of databases) await dropTestDatabase(database);
  });

  it("keeps every acknowledged mutation, publishes its event, exits within 10 s, resumes consuming", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const entitiesDb = await createTestDatabase("drill_r12_entities");
    const planDb = await createTestDatabase("drill_r12_plan");
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

    const headers = signedHeaders({ sub: "drill", roles: ["ADMIN"] });
    const acknowledged = new Set<string>();
    let sent = 0;
    let refused = 0;
    const register = async () => {
      const code = `R12_${sent++}`;
      try {
        const response = await fetch(entities.url, {
          method: "POST",
          headers,
          body: JSON.stringify({
            query: `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "جهة التمرين", kind: AGENCY }) { id } }`,
            variables: { code },
          }),
        });
        const body = (await response.json()) as { data?: { registerEntity: { id: string } } };
        if (body.data?.registerEntity) acknowledged.add(body.data.registerEntity.id);
        else refused++;
      } catch {
        refused++; // the connection went away with the process: not acknowledged
      }
    };
    const burst = async (count: number) => {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < count / 4; i++) await register();
        }),
      );
    };

    await burst(200);
    // SIGTERM the consumer while events flow, and the producer while requests are in flight.
    const planStopped = plan.kill("SIGTERM");
    const inFlight = burst(100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopStarted = Date.now();
    const entitiesExit = await entities.kill("SIGTERM");
    const stopSeconds = (Date.now() - stopStarted) / 1000;
    await inFlight;
    const planExit = await planStopped;
    console.log(
      `# R12: entities exited (${entitiesExit}) ${stopSeconds.toFixed(1)} s after SIGTERM; plan exited (${planExit})`,
    );
    assert.equal(entitiesExit, "0", "a clean exit");
    assert.ok(stopSeconds <= 10, `exit within 10 s (${stopSeconds} s)`);

    await entities.start();
    await plan.start();
    while (acknowledged.size < 500) await register();
    console.log(
      `# R12: ${acknowledged.size} mutations acknowledged, ${refused} refused while stopping`,
    );

    const stored = await rows<{ id: string }>(entitiesDb, `SELECT id::text FROM government_entity`);
    const storedIds = new Set(stored.map((row) => row.id));
    assert.ok(
      [...acknowledged].every((id) => storedIds.has(id)),
      "every acknowledged mutation is stored",
    );
    await waitFor(
      async () =>
        (
          await rows<{ n: number }>(
            entitiesDb,
            `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
          )
        )[0]!.n === 0,
      { timeoutMs: 30_000, what: "every event to be published" },
    );
    const projected = await waitFor(
      async () => {
        const refs = await rows<{ id: string }>(planDb, `SELECT id::text FROM entity_ref`);
        return refs.length === storedIds.size ? refs : undefined;
      },
      { timeoutMs: 60_000, what: "the plan to resume from its committed offset and catch up" },
    );
    assert.ok(projected.every((ref) => storedIds.has(ref.id)));
    const applied = await rows<{ n: number; distinct: number }>(
      planDb,
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM processed_event`,
    );
    console.log(
      `# R12: ${storedIds.size} stored, all published; the plan applied ${applied[0]!.n} events once each`,
    );
    assert.equal(applied[0]!.n, applied[0]!.distinct);
    assert.equal(applied[0]!.n, storedIds.size);
  });
});

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { TOPICS } from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  kafkaBrokersOrSkip,
  signedHeaders,
  waitFor,
} from "@gcn/shared/testing";
import {
  entityEventsApplied,
  queryRows,
  readTopic,
  serviceProcess,
  waitForOutboxPublished,
  waitForPlanAtLastSequences,
  type ServiceProcess,
} from "./drill-kit";

const MUTATIONS = 2000;
const AGGREGATES = 50;

/** Sums a metric's samples in a service's Prometheus text, filtered by label values. */
async function metric(
  url: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(new URL("/metrics", url))).text();
  return text
    .split("\n")
    .filter(
      (line) =>
        line.startsWith(name) &&
        Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** Two replicas of each of the four services, each pair on its service's one database. */
describe("scale-out: two replicas of every service", () => {
  const processes: ServiceProcess[] = [];
  const databases: string[] = [];
  after(async () => {
    for (const process of processes) await process.kill("SIGKILL");
    for (const database of databases) await dropTestDatabase(database);
  });

  it("publishes each event once through the one relay holding the lock, shares consumption, applies nothing twice", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const entitiesDb = await createTestDatabase("scale_entities");
    const planDb = await createTestDatabase("scale_plan");
    const initiativesDb = await createTestDatabase("scale_initiatives");
    const reputationDb = await createTestDatabase("scale_reputation");
    databases.push(entitiesDb, planDb, initiativesDb, reputationDb);
    const prefix = `scale-${randomUUID().slice(0, 8)}.`;
    const common = {
      KAFKA_BROKERS: brokers.join(","),
      KAFKA_TOPIC_PREFIX: prefix,
      CONSUMER_GROUP_PREFIX: prefix,
    };
    const twice = (
      service: "entities" | "plan" | "initiatives" | "reputation",
      env: Record<string, string>,
    ) => [1, 2].map(() => serviceProcess(service, { ...common, ...env }));
    const replicas = await Promise.all([
      ...twice("entities", { ENTITIES_DATABASE_URL: entitiesDb }),
      ...twice("plan", { PLAN_DATABASE_URL: planDb }),
      ...twice("initiatives", { INITIATIVES_DATABASE_URL: initiativesDb }),
      ...twice("reputation", { REPUTATION_DATABASE_URL: reputationDb }),
    ]);
    processes.push(...replicas);
    for (const replica of replicas) await replica.start();
    const [entitiesA, entitiesB, planA, planB] = replicas as [
      ServiceProcess,
      ServiceProcess,
      ServiceProcess,
      ServiceProcess,
    ];
    const pairs: [string, ServiceProcess[]][] = [
      ["entities", replicas.slice(0, 2)],
      ["plan", replicas.slice(2, 4)],
      ["initiatives", replicas.slice(4, 6)],
      ["reputation", replicas.slice(6, 8)],
    ];

    // Round-robin over both entities replicas, as a load balancer would.
    const headers = signedHeaders({ sub: "scale", roles: ["ADMIN"] });
    const targets = [entitiesA.url, entitiesB.url];
    const post = async (n: number, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(targets[n % 2]!, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as {
        data?: { registerEntity?: { id: string } };
        errors?: unknown;
      };
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data!;
    };
    const ids: string[] = [];
    for (let i = 0; i < AGGREGATES; i++) {
      const data = await post(
        i,
        `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "جهة التوسع", kind: AGENCY }) { id } }`,
        { code: `SCALE_${i}` },
      );
      ids.push(data.registerEntity!.id);
    }
    let next = AGGREGATES;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const n = next++;
          if (n >= MUTATIONS) return;
          await post(
            n,
            `mutation($id: ID!, $name: String!) { updateEntity(id: $id, input: { nameEn: $name }) { id } }`,
            {
              id: ids[n % AGGREGATES],
              name: `Update ${n}`,
            },
          );
        }
      }),
    );

    for (const [service, pair] of pairs) {
      const active =
        (await metric(pair[0]!.url, "gcn_outbox_relay_active")) +
        (await metric(pair[1]!.url, "gcn_outbox_relay_active"));
      assert.equal(active, 1, `exactly one ${service} replica holds the relay lock`);
    }
    await waitForOutboxPublished(entitiesDb, 60_000, "every event published");
    const topic = await readTopic(brokers, prefix + TOPICS.entities, MUTATIONS);
    const eventIds = topic.map((message) => (JSON.parse(message.value) as { id: string }).id);
    assert.equal(eventIds.length, MUTATIONS, "each event on the topic once");
    assert.equal(new Set(eventIds).size, MUTATIONS);

    await waitForPlanAtLastSequences({ entitiesDb, planDb }, AGGREGATES, {
      timeoutMs: 60_000,
      what: "exact projections",
    });
    // The other consumers of the entities' events hold every entity too.
    await waitFor(
      async () =>
        (
          await queryRows<{ n: number }>(initiativesDb, `SELECT count(*)::int AS n FROM entity_ref`)
        )[0]!.n === AGGREGATES &&
        (
          await queryRows<{ n: number }>(
            reputationDb,
            `SELECT count(*)::int AS n FROM entity_profile`,
          )
        )[0]!.n === AGGREGATES,
      { timeoutMs: 60_000, what: "the initiatives and reputation projections" },
    );
    const applied = await entityEventsApplied(planDb);
    const byReplica = [
      await metric(planA.url, "gcn_events_handled_total", { outcome: "applied" }),
      await metric(planB.url, "gcn_events_handled_total", { outcome: "applied" }),
    ];
    console.log(
      `# scale-out: 8 processes, 2 per service; ${MUTATIONS} mutations over both entities replicas; 1 active relay per service; ${eventIds.length} events on the topic; plan replicas applied ${byReplica.join(" + ")}; ${applied.n} entity events once each`,
    );
    assert.equal(applied.n, MUTATIONS);
    assert.equal(applied.distinct, MUTATIONS);
    assert.ok(
      byReplica.every((count) => count > 0),
      "the consumer group shares the partitions between both replicas",
    );
  });
});

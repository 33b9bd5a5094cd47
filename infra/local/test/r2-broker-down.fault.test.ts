import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  drillBroker,
  entityEventsApplied,
  registerEntity,
  startEntitiesAndPlan,
  updateEntityName,
  waitForOutboxPublished,
  waitForPlanAtLastSequences,
  type DrillBroker,
  type DrillPair,
} from "./drill-kit";

const MUTATIONS = 2000;
const AGGREGATES = 50;

/** R2: the Kafka broker stopped during 2,000 mutations and started again 20 s later. */
describe("R2: the broker goes away", () => {
  let broker: DrillBroker | undefined;
  let pair: DrillPair | undefined;
  after(async () => {
    await pair?.stop();
    await broker?.remove();
  });

  it("takes every mutation while it is down, then publishes the backlog and projects it exactly", async () => {
    broker = await drillBroker();
    await broker.start();
    pair = await startEntitiesAndPlan("r2", broker.brokers);
    const { entities, entitiesDb, planDb } = pair;
    const ids: string[] = [];
    for (let i = 0; i < AGGREGATES; i++) {
      const { id } = await registerEntity(entities.url, `R2_${i}`);
      assert.ok(id);
      ids.push(id);
    }
    let next = ids.length;
    const failures: string[] = [];
    const writers = Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const n = next++;
          if (n >= MUTATIONS) return;
          const refused = await updateEntityName(entities.url, ids[n % AGGREGATES]!, `Update ${n}`);
          if (refused) failures.push(refused);
          // Spread the mutations over the outage rather than finishing before it.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    while (next < 500) await new Promise((resolve) => setTimeout(resolve, 20));
    await broker.stop();
    const stoppedAt = next;
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const duringOutage = next - stoppedAt;
    const restarted = Date.now();
    await broker.start();
    await writers;
    console.log(
      `# R2: broker stopped after ${stoppedAt} mutations, ${duringOutage} more taken while it was down for 20 s, ${failures.length} failed`,
    );
    assert.deepEqual(
      failures.slice(0, 3),
      [],
      "every mutation succeeds: the database is the only write dependency",
    );
    assert.ok(duringOutage > 0, "mutations were taken while the broker was down");

    await waitForOutboxPublished(
      entitiesDb,
      60_000,
      "0 unpublished outbox rows within 60 s of the restart",
      entities,
    );
    const published = (Date.now() - restarted) / 1000;
    await waitForPlanAtLastSequences(pair, AGGREGATES, {
      timeoutMs: Math.max(1000, 60_000 - (Date.now() - restarted)),
      what: "exact projections within 60 s of the restart",
    });
    const applied = await entityEventsApplied(planDb);
    console.log(
      `# R2: backlog published ${published.toFixed(1)} s after the restart; projections exact ${((Date.now() - restarted) / 1000).toFixed(1)} s after; ${applied.n} events applied once each`,
    );
    assert.equal(applied.n, MUTATIONS);
    assert.equal(applied.distinct, MUTATIONS);
  });
});

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { kafkaBrokersOrSkip, signedHeaders, waitFor } from "@gcn/shared/testing";
import { queryRows, registerEntity, startEntitiesAndPlan, type DrillPair } from "./drill-kit";

const EVENTS = 5000;
const AGGREGATES = 50;
const KILLS = 5;

/** R4: the consuming service SIGKILLed and restarted 5 times during 5,000 events. */
describe("R4: a consumer killed mid-stream", () => {
  let pair: DrillPair | undefined;
  after(async () => {
    await pair?.stop();
  });

  it("ends with exact projections, each event applied once, lag 0 within 30 s", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    pair = await startEntitiesAndPlan("r4", brokers);
    const { entities, plan, entitiesDb, planDb } = pair;
    const ids: string[] = [];
    for (let i = 0; i < AGGREGATES; i++) {
      const { id } = await registerEntity(entities.url, `R4_${i}`);
      assert.ok(id);
      ids.push(id);
    }
    const headers = signedHeaders({ sub: "drill", roles: ["ADMIN"] });
    let next = ids.length;
    const writers = Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const n = next++;
          if (n >= EVENTS) return;
          const response = await fetch(entities.url, {
            method: "POST",
            headers,
            body: JSON.stringify({
              query: `mutation($id: ID!, $name: String!) { updateEntity(id: $id, input: { nameEn: $name }) { id } }`,
              variables: { id: ids[n % AGGREGATES], name: `Update ${n}` },
            }),
          });
          assert.equal(((await response.json()) as { errors?: unknown }).errors, undefined);
        }
      }),
    );
    // Kills spread over the stream: at 1,000, 1,800, 2,600, 3,400 and 4,200 events sent.
    for (let kill = 1; kill <= KILLS; kill++) {
      while (next < 200 + kill * 800) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await plan.kill("SIGKILL"), "SIGKILL");
      await plan.start();
    }
    const lastRestart = Date.now();
    await writers;
    console.log(
      `# R4: ${EVENTS} events sent; the plan SIGKILLed and restarted ${KILLS} times while they flowed`,
    );

    const last = new Map(
      (
        await queryRows<{ aggregateid: string; last: number }>(
          entitiesDb,
          `SELECT aggregateid, max(sequence)::int AS last FROM outbox GROUP BY aggregateid`,
        )
      ).map((row) => [row.aggregateid, row.last]),
    );
    await waitFor(
      async () => {
        const refs = await queryRows<{ id: string; last_sequence: number }>(
          planDb,
          `SELECT id::text, last_sequence FROM entity_ref`,
        );
        return (
          refs.length === AGGREGATES && refs.every((ref) => last.get(ref.id) === ref.last_sequence)
        );
      },
      { timeoutMs: 60_000, what: "the plan's projections to reach every last sequence" },
    );
    const caughtUpSeconds = (Date.now() - lastRestart) / 1000;
    const applied = await queryRows<{ n: number; distinct: number }>(
      planDb,
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM processed_event WHERE consumer LIKE '%.plan.entities'`,
    );
    console.log(
      `# R4: lag 0 ${caughtUpSeconds.toFixed(1)} s after the last restart; ${applied[0]!.n} events applied, each once`,
    );
    assert.equal(applied[0]!.n, EVENTS);
    assert.equal(applied[0]!.distinct, EVENTS);
    assert.ok(
      caughtUpSeconds <= 30,
      `lag 0 within 30 s of the last restart (${caughtUpSeconds} s)`,
    );
  });
});

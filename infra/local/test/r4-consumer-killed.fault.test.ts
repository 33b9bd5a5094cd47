import assert from "node:assert/strict";
import { describe } from "node:test";
import { itOnKafka } from "@gcn/shared/testing";
import {
  entityEventsApplied,
  registerEntity,
  startEntitiesAndPlan,
  updateEntityName,
  waitForPlanAtLastSequences,
} from "./drill-kit";

const EVENTS = 5000;
const AGGREGATES = 50;
const KILLS = 5;

/** R4: the consuming service SIGKILLed and restarted 5 times during 5,000 events. */
describe("R4: a consumer killed mid-stream", () => {
  itOnKafka(
    "ends with exact projections, each event applied once, lag 0 within 30 s",
    (brokers) => startEntitiesAndPlan("r4", brokers),
    async (pair) => {
      const { entities, plan, planDb } = pair;
      const ids: string[] = [];
      for (let i = 0; i < AGGREGATES; i++) {
        const { id } = await registerEntity(entities.url, `R4_${i}`);
        assert.ok(id);
        ids.push(id);
      }
      let next = ids.length;
      const writers = Promise.all(
        Array.from({ length: 8 }, async () => {
          for (;;) {
            const n = next++;
            if (n >= EVENTS) return;
            assert.equal(
              await updateEntityName(entities.url, ids[n % AGGREGATES]!, `Update ${n}`),
              undefined,
            );
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

      await waitForPlanAtLastSequences(pair, AGGREGATES, {
        timeoutMs: 60_000,
        what: "the plan's projections to reach every last sequence",
      });
      const caughtUpSeconds = (Date.now() - lastRestart) / 1000;
      const applied = await entityEventsApplied(planDb);
      console.log(
        `# R4: lag 0 ${caughtUpSeconds.toFixed(1)} s after the last restart; ${applied.n} events applied, each once`,
      );
      assert.equal(applied.n, EVENTS);
      assert.equal(applied.distinct, EVENTS);
      assert.ok(
        caughtUpSeconds <= 30,
        `lag 0 within 30 s of the last restart (${caughtUpSeconds} s)`,
      );
    },
  );
});

import assert from "node:assert/strict";
import { describe } from "node:test";
import { itOnKafka, waitFor } from "@gcn/shared/testing";
import {
  queryRows,
  registerEntity,
  startEntitiesAndPlan,
  waitForOutboxPublished,
} from "./drill-kit";

/** R12: SIGTERM to a producing and to a consuming service in the middle of 500 mutations. */
describe("R12: SIGTERM under load", () => {
  itOnKafka(
    "keeps every acknowledged mutation, publishes its event, exits within 10 s, resumes consuming",
    (brokers) => startEntitiesAndPlan("r12", brokers),
    async (pair) => {
      const { entities, plan, entitiesDb, planDb } = pair;
      const acknowledged = new Set<string>();
      let sent = 0;
      let refused = 0;
      const register = async () => {
        const { id } = await registerEntity(entities.url, `R12_${sent++}`);
        // No answer (the process went away) or a refusal: not acknowledged.
        if (id) acknowledged.add(id);
        else refused++;
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

      const stored = await queryRows<{ id: string }>(
        entitiesDb,
        `SELECT id::text FROM government_entity`,
      );
      const storedIds = new Set(stored.map((row) => row.id));
      assert.ok(
        [...acknowledged].every((id) => storedIds.has(id)),
        "every acknowledged mutation is stored",
      );
      await waitForOutboxPublished(entitiesDb, 30_000, "every event to be published");
      const projected = await waitFor(
        async () => {
          const refs = await queryRows<{ id: string }>(planDb, `SELECT id::text FROM entity_ref`);
          return refs.length === storedIds.size ? refs : undefined;
        },
        { timeoutMs: 60_000, what: "the plan to resume from its committed offset and catch up" },
      );
      assert.ok(projected.every((ref) => storedIds.has(ref.id)));
      const applied = await queryRows<{ n: number; distinct: number }>(
        planDb,
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM processed_event`,
      );
      console.log(
        `# R12: ${storedIds.size} stored, all published; the plan applied ${applied[0]!.n} events once each`,
      );
      assert.equal(applied[0]!.n, applied[0]!.distinct);
      assert.equal(applied[0]!.n, storedIds.size);
    },
  );
});

import assert from "node:assert/strict";
import { describe } from "node:test";
import { itOnKafka, waitFor } from "@gcn/shared/testing";
import { queryRows, registerEntity, startEntitiesAndPlan, updateEntityName } from "./drill-kit";

const AGGREGATES = 50;
const UPDATES = 40;

/** R5: 50 aggregates x 40 updates, interleaved, over a 6-partition topic. */
describe("R5: per-aggregate order across partitions", () => {
  itOnKafka(
    "ends every projection at its last sequence, applying each aggregate's events in order",
    (brokers) => startEntitiesAndPlan("r5", brokers),
    async (pair) => {
      const { entities, entitiesDb, planDb } = pair;
      const ids: string[] = [];
      for (let i = 0; i < AGGREGATES; i++) {
        const { id } = await registerEntity(entities.url, `R5_${i}`);
        assert.ok(id);
        ids.push(id);
      }
      // Eight writers, each cycling over every aggregate: updates of one aggregate interleave with
      // all the others' and land on all six partitions.
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (;;) {
            const n = next++;
            if (n >= AGGREGATES * UPDATES) return;
            const refused = await updateEntityName(
              entities.url,
              ids[n % AGGREGATES]!,
              `Update ${n}`,
            );
            assert.equal(refused, undefined, refused);
          }
        }),
      );
      const last = UPDATES + 1; // the registration is sequence 1
      await waitFor(
        async () => {
          const refs = await queryRows<{ last_sequence: number }>(
            planDb,
            `SELECT last_sequence FROM entity_ref`,
          );
          return refs.length === AGGREGATES && refs.every((ref) => ref.last_sequence === last);
        },
        { timeoutMs: 60_000, what: `every projection at sequence ${last}` },
      );
      // The order the plan applied them in (inbox rows are numbered by commit) against the
      // sequence each event has at its source.
      const sequences = new Map(
        (
          await queryRows<{ id: string; aggregateid: string; sequence: number }>(
            entitiesDb,
            `SELECT id::text, aggregateid, sequence::int FROM outbox`,
          )
        ).map((row) => [row.id, row]),
      );
      const applied = await queryRows<{ event_id: string }>(
        planDb,
        `SELECT event_id::text FROM processed_event WHERE consumer LIKE '%.plan.entities' ORDER BY processed_at, ctid`,
      );
      const seen = new Map<string, number>();
      const outOfOrder: string[] = [];
      for (const { event_id } of applied) {
        const event = sequences.get(event_id)!;
        const previous = seen.get(event.aggregateid) ?? 0;
        if (event.sequence !== previous + 1)
          outOfOrder.push(`${event.aggregateid}: ${previous} -> ${event.sequence}`);
        seen.set(event.aggregateid, event.sequence);
      }
      console.log(
        `# R5: ${applied.length} events over ${AGGREGATES} aggregates applied; ${outOfOrder.length} out of order`,
      );
      assert.equal(applied.length, AGGREGATES * last);
      assert.deepEqual(outOfOrder, []);
    },
  );
});

import assert from "node:assert/strict";
import { describe } from "node:test";
import { TOPICS } from "@gcn/shared";
import { itOnKafka, signedHeaders, waitFor } from "@gcn/shared/testing";
import { queryRows, readTopic, registerEntity, startEntitiesAndPlan } from "./drill-kit";

const TOTAL_EVENTS = 2000;
const DEATHS = 5;

/** R3: the relay dies after sending a batch and before marking it, 5 times in 2,000 events. */
describe("R3: a relay that dies between send and mark", () => {
  itOnKafka(
    "lets duplicates reach the topic, applies each event once, leaves no sequence gap",
    (brokers) => startEntitiesAndPlan("r3", brokers),
    async (pair, brokers) => {
      const { entities, entitiesDb, planDb, prefix } = pair;

      const headers = signedHeaders({ sub: "drill", roles: ["ADMIN"] });
      const send = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(entities.url, {
          method: "POST",
          headers,
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as {
          data?: Record<string, { id: string }>;
          errors?: unknown;
        };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data!;
      };
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const { id } = await registerEntity(entities.url, `R3_${i}`);
        assert.ok(id);
        ids.push(id);
      }
      let acknowledged = ids.length;
      const update = (i: number) =>
        send(
          `mutation($id: ID!, $name: String!) { updateEntity(id: $id, input: { nameEn: $name }) { id } }`,
          {
            id: ids[i % ids.length],
            name: `Revision ${i}`,
          },
        );
      let deaths = 0;
      for (let death = 1; death <= DEATHS; death++) {
        await entities.kill("SIGTERM");
        await entities.start({ GCN_FAULT_RELAY_EXIT_AFTER_SENDS: String(2 + death) });
        const exit = entities.exited.then((code) => code);
        let alive = true;
        void exit.then(() => (alive = false));
        while (alive && acknowledged < TOTAL_EVENTS) {
          try {
            await update(acknowledged);
            acknowledged++;
          } catch {
            break;
          }
        }
        assert.equal(
          await exit,
          "137",
          `the relay died after send ${2 + death}:\n${entities.output().slice(-500)}`,
        );
        deaths++;
      }
      await entities.start();
      while (acknowledged < TOTAL_EVENTS) {
        await update(acknowledged);
        acknowledged++;
      }
      console.log(
        `# R3: ${acknowledged} events acknowledged, the relay killed ${deaths} times between send and mark`,
      );

      const outbox = await waitFor(
        async () => {
          const pending = await queryRows<{ n: number }>(
            entitiesDb,
            `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
          );
          if (pending[0]!.n > 0) return undefined;
          return queryRows<{ id: string; aggregateid: string; sequence: number }>(
            entitiesDb,
            `SELECT id::text, aggregateid, sequence::int FROM outbox ORDER BY aggregateid, sequence`,
          );
        },
        { timeoutMs: 60_000, what: "every outbox row to be published" },
      );
      assert.ok(outbox.length >= acknowledged, "every acknowledged event is in the outbox");
      const byAggregate = new Map<string, number[]>();
      for (const row of outbox)
        byAggregate.set(row.aggregateid, [
          ...(byAggregate.get(row.aggregateid) ?? []),
          row.sequence,
        ]);
      for (const [aggregate, sequences] of byAggregate) {
        assert.deepEqual(
          sequences,
          sequences.map((_, i) => i + 1),
          `no gap in ${aggregate}'s sequence`,
        );
      }

      const topic = await readTopic(brokers, prefix + TOPICS.entities, outbox.length);
      const seen = topic.map((message) => (JSON.parse(message.value) as { id: string }).id);
      const duplicates = seen.length - new Set(seen).size;
      console.log(
        `# R3: ${seen.length} messages on the topic for ${outbox.length} events: ${duplicates} duplicates`,
      );
      assert.equal(new Set(seen).size, outbox.length, "every event reached the topic");
      assert.ok(
        duplicates >= DEATHS,
        "each death left its sent-but-unmarked batch to be sent again",
      );

      const last = new Map<string, number>();
      for (const row of outbox) last.set(row.aggregateid, row.sequence);
      await waitFor(
        async () => {
          const refs = await queryRows<{ id: string; last_sequence: number }>(
            planDb,
            `SELECT id::text, last_sequence FROM entity_ref`,
          );
          return (
            refs.length === last.size && refs.every((ref) => last.get(ref.id) === ref.last_sequence)
          );
        },
        { timeoutMs: 60_000, what: "the plan's projection to hold every entity's last sequence" },
      );
      const applied = await queryRows<{ n: number; distinct: number }>(
        planDb,
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM processed_event WHERE consumer LIKE '%.plan.entities'`,
      );
      console.log(`# R3: the plan applied ${applied[0]!.n} events, each once`);
      assert.equal(applied[0]!.n, outbox.length);
      assert.equal(applied[0]!.distinct, outbox.length);
    },
  );
});

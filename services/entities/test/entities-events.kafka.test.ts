import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe } from "node:test";
import type { EventEnvelope } from "@gcn/shared";
import { itOnKafka, waitFor } from "@gcn/shared/testing";
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { APPOINT, REGISTER, startEntitiesForTest } from "./entities-test-service";

describe("entities events on a real Kafka broker", () => {
  let reader: Consumer | undefined;
  after(async () => {
    await reader?.disconnect();
  });

  itOnKafka(
    "emits exactly one envelope per mutation, with type, subject and sequence, and none for a failed one",
    (brokers) => startEntitiesForTest({ kafkaBrokers: brokers }),
    async (api, brokers) => {
      const code = `K${randomUUID().slice(0, 8).toUpperCase().replace(/-/g, "")}`;

      const registered = await api.gql<{ registerEntity: { id: string } }>(REGISTER, {
        input: { code, nameAr: "هيئة اختبار الأحداث", kind: "AUTHORITY" },
      });
      const entityId = registered.data!.registerEntity.id;
      const duplicate = await api.gql(REGISTER, {
        input: { code, nameAr: "نسخة مكررة", kind: "AUTHORITY" },
      });
      assert.equal(duplicate.errors?.[0]?.extensions?.code, "CONFLICT");
      await api.gql(
        `mutation($id: ID!) { updateEntity(id: $id, input: { nameEn: "Events Test Authority" }) { id } }`,
        { id: entityId },
      );
      const appointed = await api.gql<{ appointLiaison: { id: string } }>(APPOINT, {
        input: { entityId, fullNameAr: "منسق الاختبار", role: "PRIMARY", email: "pii@example.bh" },
      });
      const liaisonId = appointed.data!.appointLiaison.id;
      await api.gql(`mutation($id: ID!) { deactivateEntity(id: $id) { id } }`, { id: entityId });

      const seen: EventEnvelope[] = [];
      const kafka = new Kafka({
        brokers,
        clientId: "entities-event-test",
        logLevel: logLevel.NOTHING,
      });
      reader = kafka.consumer({ groupId: `entities-event-test-${randomUUID()}` });
      await reader.connect();
      await reader.subscribe({ topic: "gcn.entities.v1", fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message }) => {
          const envelope = JSON.parse(message.value!.toString()) as EventEnvelope;
          if (envelope.subject === entityId || envelope.subject === liaisonId) {
            assert.equal(message.key?.toString(), envelope.subject, "keyed by aggregate id");
            seen.push(envelope);
          }
        },
      });
      await waitFor(() => seen.length >= 4, {
        timeoutMs: 30_000,
        what: "4 entity events on gcn.entities.v1",
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const forEntity = seen.filter((e) => e.subject === entityId);
      assert.deepEqual(
        forEntity.map((e) => [e.type, e.sequence]),
        [
          ["gcn.entities.EntityRegistered.v1", "00000000000000000001"],
          ["gcn.entities.EntityUpdated.v1", "00000000000000000002"],
          ["gcn.entities.EntityDeactivated.v1", "00000000000000000003"],
        ],
      );
      const forLiaison = seen.filter((e) => e.subject === liaisonId);
      assert.deepEqual(
        forLiaison.map((e) => [e.type, e.sequence]),
        [["gcn.entities.LiaisonAppointed.v1", "00000000000000000001"]],
      );
      assert.equal(forEntity[0]!.source, "/gcn/entities");
      assert.equal(forEntity[0]!.specversion, "1.0");
      assert.equal((forEntity[2]!.data as { active: boolean }).active, false);
      assert.equal(
        JSON.stringify(forLiaison[0]!.data).includes("pii@example.bh"),
        false,
        "contact details stay off the wire",
      );
      const unpublished = await api.count(
        `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
      );
      assert.equal(unpublished, 0);
    },
  );
});

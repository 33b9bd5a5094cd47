import assert from "node:assert/strict";
import { describe } from "node:test";
import { itOnKafka, waitFor } from "@gcn/shared/testing";
import { startPlatformForTest } from "./platform-test-kit";

const SCHEDULE = `mutation($input: SchedulePlanItemInput!) { schedulePlanItem(input: $input) { id owner { code } } }`;

describe("entities and plan over a real Kafka broker", () => {
  itOnKafka(
    "lets a newly registered entity own plan items within 5 s, and refuses new items once it is deactivated",
    (brokers) => startPlatformForTest({ kafkaBrokers: brokers }),
    async (platform, brokers, t) => {
      const p = platform;
      const code = `KF${Date.now().toString(36).toUpperCase()}`;
      const registered = await p.as<{ registerEntity: { id: string } }>(
        ["ADMIN"],
        `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "هيئة عبر كافكا", kind: AUTHORITY }) { id } }`,
        { code },
      );
      const entityId = registered.data!.registerEntity.id;
      const input = {
        ownerId: entityId,
        kind: "EVENT",
        titleAr: "فعالية عبر كافكا",
        startsAt: "2027-05-05T07:00:00Z",
        endsAt: "2027-05-05T08:00:00Z",
        channels: ["PRESS"],
      };
      const registeredAt = Date.now();
      const item = await waitFor(
        async () => {
          const result = await p.as<{ schedulePlanItem: { owner: { code: string } } }>(
            ["ADMIN"],
            SCHEDULE,
            { input },
          );
          return result.errors ? undefined : result.data!.schedulePlanItem;
        },
        {
          timeoutMs: 5_000,
          intervalMs: 100,
          what: "the plan to accept the new entity as an owner",
        },
      );
      assert.equal(item.owner.code, code);
      const acceptedAfterMs = Date.now() - registeredAt;

      await p.as(["ADMIN"], `mutation($id: ID!) { deactivateEntity(id: $id) { id } }`, {
        id: entityId,
      });
      const refusal = await waitFor(
        async () => {
          const result = await p.as(["ADMIN"], SCHEDULE, { input });
          return result.errors?.[0]?.extensions?.code === "BAD_USER_INPUT"
            ? result.errors[0]
            : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 100, what: "the plan to refuse the deactivated entity" },
      );
      assert.equal(refusal.extensions?.field, "input.ownerId");
      t.diagnostic(`accepted as owner ${acceptedAfterMs} ms after registration`);
    },
  );
});

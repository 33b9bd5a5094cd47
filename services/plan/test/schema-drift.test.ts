import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { readSchemaFile } from "@gcn/shared";
import { createPlanDataSource } from "../src/data-source";
import { buildPlanSubgraph } from "../src/plan-subgraph";

const emit = async () =>
  (await buildPlanSubgraph(createPlanDataSource("postgres://unused/unused"), "UTC")).sdl;

describe("plan schema.graphql", () => {
  it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
    assert.equal(
      readSchemaFile(path.resolve(__dirname, "../..")).trimEnd(),
      (await emit()).trimEnd(),
    );
  });

  it("keeps the contract's names and its federated extensions", async () => {
    const sdl = await emit();
    for (const name of [
      "type CommunicationPlan",
      "type PlanItem",
      "calendar(",
      "clashes(period: PeriodInput!): [Clash!]!",
      "schedulePlanItem(input: SchedulePlanItemInput!): PlanItem!",
      // Nullable at the boundary: with the plan down, the entity or meeting still arrives.
      "planItems(status: PlanItemStatus, period: PeriodInput): [PlanItem!]\n",
      `achievements: [PlanItem!] @requires(fields: "period { year month }")`,
      "upcomingItems: [PlanItem!] @requires",
    ]) {
      assert.ok(sdl.includes(name), `schema has ${name}`);
    }
  });
});

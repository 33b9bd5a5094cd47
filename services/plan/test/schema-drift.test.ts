import path from "node:path";
import { describeSchemaFile } from "@gcn/shared/testing";
import { service } from "../src/plan.service";

describeSchemaFile(service, path.resolve(__dirname, "../.."), [
  "type CommunicationPlan",
  "type PlanItem",
  "calendar(",
  "clashes(period: PeriodInput!): [Clash!]!",
  "schedulePlanItem(input: SchedulePlanItemInput!): PlanItem!",
  // Nullable at the boundary: with the plan down, the entity or meeting still arrives.
  "planItems(status: PlanItemStatus, period: PeriodInput): [PlanItem!]\n",
  `achievements: [PlanItem!] @requires(fields: "period { year month }")`,
  "upcomingItems: [PlanItem!] @requires",
]);

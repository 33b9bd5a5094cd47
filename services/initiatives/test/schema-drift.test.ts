import path from "node:path";
import { describeSchemaFile } from "@gcn/shared/testing";
import { service } from "../src/initiatives.service";

describeSchemaFile(service, path.resolve(__dirname, "../.."), [
  "type MediaInitiative",
  "type InitiativeSession",
  "type InitiativeStats",
  "scheduleSession(input: ScheduleSessionInput!): InitiativeSession!",
  "publishSession(",
  "initiativeSessions(",
  // Nullable at the boundary: with the initiatives down, the meeting still arrives.
  `initiativeHighlights: [InitiativeSession!] @requires(fields: "period { year month }")`,
]);

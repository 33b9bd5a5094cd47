import path from "node:path";
import { describeSchemaFile } from "@gcn/shared/testing";
import { service } from "../src/entities.service";

describeSchemaFile(service, path.resolve(__dirname, "../.."), [
  "type GovernmentEntity",
  "type Liaison",
  "type NetworkMeeting",
  "registerEntity(input: RegisterEntityInput!): GovernmentEntity!",
  "recordMeetingOutcome(",
  "entities(",
  "enum Platform",
]);

import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { readSchemaFile } from "@gcn/shared";
import { createInitiativesDataSource } from "../src/data-source";
import { buildInitiativesSubgraph } from "../src/initiatives-subgraph";

const emit = async () =>
  (await buildInitiativesSubgraph(createInitiativesDataSource("postgres://unused/unused"), "UTC"))
    .sdl;

describe("initiatives schema.graphql", () => {
  it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
    assert.equal(
      readSchemaFile(path.resolve(__dirname, "../..")).trimEnd(),
      (await emit()).trimEnd(),
    );
  });

  it("keeps the contract's names and its federated extensions", async () => {
    const sdl = await emit();
    for (const name of [
      "type MediaInitiative",
      "type InitiativeSession",
      "type InitiativeStats",
      "scheduleSession(input: ScheduleSessionInput!): InitiativeSession!",
      "publishSession(",
      "initiativeSessions(",
      // Nullable at the boundary: with the initiatives down, the meeting still arrives.
      `initiativeHighlights: [InitiativeSession!] @requires(fields: "period { year month }")`,
    ]) {
      assert.ok(sdl.includes(name), `schema has ${name}`);
    }
  });
});

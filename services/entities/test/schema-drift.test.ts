import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { readSchemaFile } from "@gcn/shared";
import { createEntitiesDataSource } from "../src/data-source";
import { buildEntitiesSubgraph } from "../src/entities-subgraph";

const emit = async () =>
  (await buildEntitiesSubgraph(createEntitiesDataSource("postgres://unused/unused"), "UTC")).sdl;

describe("entities schema.graphql", () => {
  it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
    assert.equal(
      readSchemaFile(path.resolve(__dirname, "../..")).trimEnd(),
      (await emit()).trimEnd(),
    );
  });

  it("keeps the contract's names", async () => {
    const sdl = await emit();
    for (const name of [
      "type GovernmentEntity",
      "type Liaison",
      "type NetworkMeeting",
      "registerEntity(input: RegisterEntityInput!): GovernmentEntity!",
      "recordMeetingOutcome(",
      "entities(",
      "enum Platform",
    ]) {
      assert.ok(sdl.includes(name), `schema has ${name}`);
    }
  });
});

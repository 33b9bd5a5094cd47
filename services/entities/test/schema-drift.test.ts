import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { createEntitiesDataSource } from "../src/data-source";
import { buildEntitiesSubgraph } from "../src/entities-subgraph";

describe("entities schema.graphql", () => {
  it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
    const { sdl } = await buildEntitiesSubgraph(
      createEntitiesDataSource("postgres://unused/unused"),
      "UTC",
    );
    const committed = readFileSync(path.resolve(__dirname, "../../schema.graphql"), "utf8");
    assert.equal(committed.trimEnd(), sdl.trimEnd());
  });

  it("keeps the contract's names", async () => {
    const { sdl } = await buildEntitiesSubgraph(
      createEntitiesDataSource("postgres://unused/unused"),
      "UTC",
    );
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

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "../src/config";
import { composeSupergraph, registeredSubgraphs } from "../src/supergraph-composer";

describe("the committed supergraph", () => {
  it("composes from the subgraphs' schema.graphql files with no errors, and is up to date", () => {
    const result = composeSupergraph(REPO_ROOT, registeredSubgraphs());
    assert.deepEqual(result.errors, []);
    const committed = readFileSync(
      path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql"),
      "utf8",
    );
    assert.equal(committed, result.supergraphSdl, "run `npm run compose` and commit the result");
  });

  it("reports a composition error instead of writing a broken supergraph", () => {
    const result = composeSupergraph(REPO_ROOT, [
      ...registeredSubgraphs(),
      // A second subgraph that redefines the entity's key field with another type cannot compose.
      {
        name: "broken",
        url: "http://localhost:9/graphql",
        schema: "gateway/test/fixtures/broken-subgraph.graphql",
      },
    ]);
    assert.ok(result.errors.length > 0);
    assert.equal(result.supergraphSdl, undefined);
  });
});

import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { readSchemaFile } from "@gcn/shared";
import { createReputationDataSource } from "../src/data-source";
import { buildReputationSubgraph } from "../src/reputation-subgraph";

const emit = async () =>
  (await buildReputationSubgraph(createReputationDataSource("postgres://unused/unused"), "UTC"))
    .sdl;

describe("reputation schema.graphql", () => {
  it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
    assert.equal(
      readSchemaFile(path.resolve(__dirname, "../..")).trimEnd(),
      (await emit()).trimEnd(),
    );
  });

  it("keeps the contract's names", async () => {
    const sdl = await emit();
    for (const name of [
      "recordMetrics(samples: [MetricSampleInput!]!): IngestResult!",
      "generateReport(period: PeriodInput!): ReputationReport!",
      "setScoreWeights(input: ScoreWeightsInput!): ScoreWeights!",
      "metricSeries(",
      "reputation(period: PeriodInput!): ReputationScore",
      "type ReputationReport",
    ]) {
      assert.ok(sdl.includes(name), `schema has ${name}`);
    }
  });
});

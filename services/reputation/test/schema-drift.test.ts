import path from "node:path";
import { describeSchemaFile } from "@gcn/shared/testing";
import { service } from "../src/reputation.service";

describeSchemaFile(service, path.resolve(__dirname, "../.."), [
  "recordMetrics(samples: [MetricSampleInput!]!): IngestResult!",
  "generateReport(period: PeriodInput!): ReputationReport!",
  "setScoreWeights(input: ScoreWeightsInput!): ScoreWeights!",
  "metricSeries(",
  "reputation(period: PeriodInput!): ReputationScore",
  "type ReputationReport",
]);

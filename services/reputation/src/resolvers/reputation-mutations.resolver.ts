import { CURRENT_WEIGHTS_ID } from "./reputation-report.resolver";
import {
  DateScalar,
  PeriodInput,
  Platform,
  requestedFields,
  requireUuid,
  type RequestContext,
} from "@gcn/shared";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, ID, Info, Mutation, Query, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { recordMetrics } from "../commands/metric-sample.commands";
import {
  currentWeights,
  generateReport,
  publishReport,
  setScoreWeights,
} from "../commands/reputation-report.commands";
import { readMetricSeries } from "../queries/metric-series.queries";
import { MetricSampleInput, ScoreWeightsInput } from "../schema/reputation.inputs";
import {
  IngestResult,
  MetricSample,
  ReputationReport,
  ScoreWeights,
} from "../schema/reputation.types";

/** Ingestion (INGEST, ADMIN), reports and weights (ADMIN), and the metric queries. */
@Resolver()
export class ReputationMutationsResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Query((_returns) => [MetricSample], {
    description: "An entity's samples from..to (inclusive), by day",
  })
  async metricSeries(
    @Arg("entityId", (_type) => ID) entityId: string,
    @Arg("platform", (_type) => Platform, { nullable: true }) platform: Platform | null,
    @Arg("from", (_type) => DateScalar) from: string,
    @Arg("to", (_type) => DateScalar) to: string,
    @Info() info: GraphQLResolveInfo,
  ) {
    return readMetricSeries(
      this.db,
      { entityId: requireUuid(entityId, "entityId"), platform, from, to },
      requestedFields(info),
    );
  }

  @Query((_returns) => ScoreWeights)
  async scoreWeights() {
    return { ...(await currentWeights(this.db)).weights, id: CURRENT_WEIGHTS_ID };
  }

  @Authorized("ADMIN", "INGEST")
  @Mutation((_returns) => IngestResult, {
    description: "1..10000 samples; bad rows are named, valid rows stored",
  })
  recordMetrics(
    @Arg("samples", (_type) => [MetricSampleInput]) samples: MetricSampleInput[],
    @Ctx() context: RequestContext,
  ) {
    return recordMetrics(this.db, context, samples, this.timeZone);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => ReputationReport, {
    description: "(Re)computes the period's DRAFT; a PUBLISHED one answers CONFLICT",
  })
  generateReport(
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Ctx() context: RequestContext,
  ) {
    return generateReport(this.db, context, period);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => ReputationReport)
  publishReport(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return publishReport(this.db, context, id);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => ScoreWeights, { description: "Each ≥ 0, summing to 1 (±1e-6)" })
  async setScoreWeights(@Arg("input", (_type) => ScoreWeightsInput) input: ScoreWeightsInput) {
    return { ...(await setScoreWeights(this.db, input)), id: CURRENT_WEIGHTS_ID };
  }
}

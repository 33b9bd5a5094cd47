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
import { recordMetrics } from "../commands/record-metrics.command";
import {
  currentWeights,
  generateReport,
  publishReport,
  setScoreWeights,
} from "../commands/report-commands";
import { MetricSampleInput, ScoreWeightsInput } from "../schema/reputation.inputs";
import {
  IngestResult,
  MetricSample,
  ReputationReport,
  ScoreWeights,
} from "../schema/reputation.types";

/** metricSeries: each MetricSample field and the column it is read from. */
const SERIES_COLUMNS: Partial<Record<keyof MetricSample, string>> = {
  platform: "platform",
  date: "to_char(day, 'YYYY-MM-DD')",
  followers: "followers::float8",
  impressions: "impressions::float8",
  engagements: "engagements::float8",
  mentions: "mentions::float8",
  positiveMentions: "positive_mentions::float8",
  negativeMentions: "negative_mentions::float8",
  neutralMentions: "neutral_mentions::float8",
  inquiries: "inquiries::float8",
  responses: "responses::float8",
  medianResponseMinutes: "median_response_minutes",
};

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
    // An entity-year is thousands of rows: read only the selected columns, named as the fields,
    // so the rows go to GraphQL as they come from the driver.
    const selected = requestedFields(info);
    const columns = Object.entries(SERIES_COLUMNS)
      .filter(([field]) => selected.has(field))
      .map(([field, sql]) => `${sql} AS "${field}"`);
    const rows = (await this.db.query(
      `SELECT ${columns.length ? columns.join(", ") : "1 AS one"}
         FROM metric_sample WHERE entity_id = $1 AND day BETWEEN $2 AND $3 AND ($4::text IS NULL OR platform = $4)
         ORDER BY day, platform`,
      [requireUuid(entityId, "entityId"), from, to, platform],
    )) as Record<string, unknown>[];
    if (selected.has("entity")) for (const row of rows) row.entity = { id: entityId };
    return rows;
  }

  @Query((_returns) => ScoreWeights)
  async scoreWeights() {
    return (await currentWeights(this.db)).weights;
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
  setScoreWeights(@Arg("input", (_type) => ScoreWeightsInput) input: ScoreWeightsInput) {
    return setScoreWeights(this.db, input);
  }
}

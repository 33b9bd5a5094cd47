import { DateScalar, PeriodInput, Platform, requireUuid, type RequestContext } from "@gcn/shared";
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
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

interface SampleRow {
  entity_id: string;
  platform: string;
  day: string;
  [column: string]: unknown;
}

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
  ) {
    const rows = (await this.db.query(
      `SELECT entity_id::text, platform, to_char(day, 'YYYY-MM-DD') AS day, followers::float8, impressions::float8,
              engagements::float8, mentions::float8, positive_mentions::float8, negative_mentions::float8,
              neutral_mentions::float8, inquiries::float8, responses::float8, median_response_minutes
         FROM metric_sample WHERE entity_id = $1 AND day BETWEEN $2 AND $3 AND ($4::text IS NULL OR platform = $4)
         ORDER BY day, platform`,
      [requireUuid(entityId, "entityId"), from, to, platform],
    )) as SampleRow[];
    return rows.map((row) => ({
      entity: { id: row.entity_id },
      platform: row.platform,
      date: row.day,
      followers: row.followers,
      impressions: row.impressions,
      engagements: row.engagements,
      mentions: row.mentions,
      positiveMentions: row.positive_mentions,
      negativeMentions: row.negative_mentions,
      neutralMentions: row.neutral_mentions,
      inquiries: row.inquiries,
      responses: row.responses,
      medianResponseMinutes: row.median_response_minutes,
    }));
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

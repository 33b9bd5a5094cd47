import {
  badUserInput,
  changeLockedRow,
  type CommandContext,
  conflict,
  nextMonth,
  requireUuid,
} from "@gcn/shared";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import {
  DEFAULT_WEIGHTS,
  FORMULA_VERSION,
  invalidWeights,
  round2,
  platformShares,
  scoreEntities,
  type EntityTotals,
  type ScoreWeights,
} from "../domain/dri-scoring";
import { recommend } from "../domain/recommendation-rules";
import { EntityProfileRow } from "../rows/entity-profile.row";
import { ReputationReportRow, type StoredActivity } from "../rows/reputation-report.row";
import { recordReputationEvent, reportState } from "../events/published";

export interface PeriodValue {
  year: number;
  month?: number | null;
}

/** [from, to) calendar days of a period: samples are kept by day, already in local time. */
export function periodDays(period: PeriodValue): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (!period.month) return { from: `${period.year}-01-01`, to: `${period.year + 1}-01-01` };
  const next = nextMonth({ year: period.year, month: period.month });
  return {
    from: `${period.year}-${pad(period.month)}-01`,
    to: `${next.year}-${pad(next.month)}-01`,
  };
}

export function previousPeriod(period: PeriodValue): PeriodValue {
  if (!period.month) return { year: period.year - 1, month: null };
  return period.month === 1
    ? { year: period.year - 1, month: 12 }
    : { year: period.year, month: period.month - 1 };
}

export async function currentWeights(
  db: DataSource | EntityManager,
): Promise<{ weights: ScoreWeights; version: number | null }> {
  const [row] = (await db.query(
    `SELECT version, weights FROM score_weights ORDER BY version DESC LIMIT 1`,
  )) as {
    version: number;
    weights: ScoreWeights;
  }[];
  return row
    ? { weights: row.weights, version: row.version }
    : { weights: DEFAULT_WEIGHTS, version: null };
}

function reportOf(db: DataSource | EntityManager, period: PeriodValue) {
  return db
    .getRepository(ReputationReportRow)
    .findOneBy({ periodYear: period.year, periodMonth: period.month ?? IsNull() });
}

/** Sums of every entity's samples in the period, per platform, and followers per day. */
async function totalsFor(tx: EntityManager, period: PeriodValue): Promise<EntityTotals[]> {
  const { from, to } = periodDays(period);
  const sums = (await tx.query(
    `SELECT entity_id::text AS entity_id, platform, count(*)::int AS samples,
            coalesce(sum(impressions), 0)::float8 AS impressions, coalesce(sum(engagements), 0)::float8 AS engagements,
            coalesce(sum(mentions), 0)::float8 AS mentions, coalesce(sum(positive_mentions), 0)::float8 AS positive,
            coalesce(sum(negative_mentions), 0)::float8 AS negative, coalesce(sum(inquiries), 0)::float8 AS inquiries,
            coalesce(sum(responses), 0)::float8 AS responses,
            coalesce(sum(responses * median_response_minutes) FILTER (WHERE responses IS NOT NULL AND median_response_minutes IS NOT NULL), 0)::float8 AS weighted_minutes,
            coalesce(sum(responses) FILTER (WHERE responses IS NOT NULL AND median_response_minutes IS NOT NULL), 0)::float8 AS minutes_weight
       FROM metric_sample WHERE day >= $1 AND day < $2 GROUP BY entity_id, platform`,
    [from, to],
  )) as Record<string, number | string>[];
  const followerDays = (await tx.query(
    `SELECT entity_id::text AS entity_id, to_char(day, 'YYYY-MM-DD') AS day, sum(followers)::float8 AS followers
       FROM metric_sample WHERE day >= $1 AND day < $2 AND followers IS NOT NULL GROUP BY entity_id, day`,
    [from, to],
  )) as { entity_id: string; day: string; followers: number }[];
  const byEntity = new Map<string, EntityTotals>();
  const entity = (id: string) => {
    let totals = byEntity.get(id);
    if (!totals) byEntity.set(id, (totals = { entityId: id, platforms: [], followerDays: [] }));
    return totals;
  };
  for (const row of sums) {
    entity(row.entity_id as string).platforms.push({
      platform: row.platform as string,
      samples: Number(row.samples),
      impressions: Number(row.impressions),
      engagements: Number(row.engagements),
      mentions: Number(row.mentions),
      positive: Number(row.positive),
      negative: Number(row.negative),
      inquiries: Number(row.inquiries),
      responses: Number(row.responses),
      weightedMinutes: Number(row.weighted_minutes),
      minutesWeight: Number(row.minutes_weight),
    });
  }
  for (const row of followerDays)
    entity(row.entity_id).followerDays.push({ day: row.day, followers: Number(row.followers) });
  return [...byEntity.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1));
}

async function activityFor(
  tx: EntityManager,
  period: PeriodValue,
): Promise<Map<string, StoredActivity>> {
  const monthFilter = period.month ? "AND month = $2" : "";
  const params = period.month ? [period.year, period.month] : [period.year];
  const items = (await tx.query(
    `SELECT owner_id::text AS id, count(*)::int AS n FROM plan_activity WHERE done AND year = $1 ${monthFilter} GROUP BY owner_id`,
    params,
  )) as { id: string; n: number }[];
  const sessions = (await tx.query(
    `SELECT host_entity_id::text AS id, count(*)::int AS n FROM session_activity WHERE held AND year = $1 ${monthFilter} GROUP BY host_entity_id`,
    params,
  )) as { id: string; n: number }[];
  const activity = new Map<string, StoredActivity>();
  const of = (id: string) => {
    let row = activity.get(id);
    if (!row) activity.set(id, (row = { entityId: id, planItemsDone: 0, sessionsHeld: 0 }));
    return row;
  };
  for (const row of items) of(row.id).planItemsDone = row.n;
  for (const row of sessions) of(row.id).sessionsHeld = row.n;
  return activity;
}

/** (Re)computes the period's DRAFT report; a PUBLISHED one is frozen (CONFLICT). */
export async function generateReport(
  db: DataSource,
  context: CommandContext,
  period: PeriodValue,
): Promise<ReputationReportRow> {
  return db.transaction(async (tx) => {
    // One generator per period at a time; the row lock below covers an existing draft.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `report:${period.year}:${period.month ?? 0}`,
    ]);
    const existing = await reportOf(tx, period);
    if (existing?.status === "PUBLISHED") {
      throw conflict("The report of this period is PUBLISHED and can no longer change", {
        currentState: "PUBLISHED",
      });
    }
    const { weights, version } = await currentWeights(tx);
    const entities = await totalsFor(tx, period);
    const scores = scoreEntities(entities, weights);
    const totalsOf = new Map(entities.map((totals) => [totals.entityId, totals]));
    const previous = await reportOf(tx, previousPeriod(period));
    const previousOf = new Map((previous?.scores ?? []).map((s) => [s.entityId, s]));
    const activity = await activityFor(tx, period);
    const profiles = new Map(
      (await tx.getRepository(EntityProfileRow).find()).map((profile) => [
        profile.id,
        profile.accountPlatforms,
      ]),
    );
    const recommendations = recommend(entities, scores, (entityId) => ({
      accountPlatforms: profiles.get(entityId) ?? [],
      planItemsDone: activity.get(entityId)?.planItemsDone ?? 0,
      sessionsHeld: activity.get(entityId)?.sessionsHeld ?? 0,
      previousNetSentiment: previousOf.get(entityId)?.components.netSentiment ?? null,
    }));
    for (const score of scores) {
      if (!activity.has(score.entityId))
        activity.set(score.entityId, {
          entityId: score.entityId,
          planItemsDone: 0,
          sessionsHeld: 0,
        });
    }
    const repo = tx.getRepository(ReputationReportRow);
    const report =
      existing ??
      repo.create({ periodYear: period.year, periodMonth: period.month ?? null, status: "DRAFT" });
    Object.assign(report, {
      formulaVersion: FORMULA_VERSION,
      weights,
      weightsVersion: version,
      nationalIndex:
        scores.length === 0 ? 0 : round2(scores.reduce((n, s) => n + s.score, 0) / scores.length),
      scores: scores.map((s) => {
        const before = previousOf.get(s.entityId);
        return {
          entityId: s.entityId,
          score: s.score,
          rank: s.rank,
          previousScore: before?.score ?? null,
          delta: before ? round2(s.score - before.score) : null,
          components: { ...s.components },
          sampleCount: s.sampleCount,
          platforms: platformShares(totalsOf.get(s.entityId)!),
          contributions: { ...s.contributions },
        };
      }),
      recommendations,
      activity: [...activity.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1)),
      generatedAt: new Date(),
      publishedAt: null,
    });
    const saved = await repo.save(report);
    await recordReputationEvent(tx, context, "ReportGenerated", reportState(saved));
    return saved;
  });
}

/** DRAFT -> PUBLISHED; a published report is never changed (again: CONFLICT). */
export async function publishReport(
  db: DataSource,
  context: CommandContext,
  id: string,
): Promise<ReputationReportRow> {
  return changeLockedRow(
    db,
    ReputationReportRow,
    requireUuid(id, "id"),
    (report) => {
      if (report.status !== "DRAFT") {
        throw conflict(`The report is ${report.status}; only a DRAFT can be published`, {
          currentState: report.status,
        });
      }
      report.status = "PUBLISHED";
      report.publishedAt = new Date();
    },
    (tx, saved) => recordReputationEvent(tx, context, "ReportPublished", reportState(saved)),
  );
}

/** A new version of the weights; reports generated from now on carry it. */
export async function setScoreWeights(
  db: DataSource,
  weights: ScoreWeights,
): Promise<ScoreWeights> {
  const offender = invalidWeights(weights);
  if (offender === "sum") throw badUserInput("weights must sum to 1 (±1e-6)", "input");
  if (offender) throw badUserInput(`${offender} must be a number ≥ 0`, `input.${offender}`);
  const clean: ScoreWeights = {
    reach: weights.reach,
    engagement: weights.engagement,
    sentiment: weights.sentiment,
    shareOfVoice: weights.shareOfVoice,
    responsiveness: weights.responsiveness,
    growth: weights.growth,
  };
  await db.query(`INSERT INTO score_weights (weights) VALUES ($1)`, [JSON.stringify(clean)]);
  return clean;
}

import type { DataSource } from "typeorm";
import type { ReputationReportRow, StoredScore } from "../rows/reputation-report.row";
import { perDatabase } from "./per-database";

/** A period's report as `GovernmentEntity.reputation` reads it: its period and each score. */
export interface ReportScores {
  report: Pick<ReputationReportRow, "periodYear" | "periodMonth">;
  /** By entity id (lower case, as stored). */
  byEntity: ReadonlyMap<string, StoredScore>;
}

/**
 * Parsed report scores kept between requests, each with the version of its row (`xmin`, new
 * whenever the report is generated again or published), by period. A report row is about 360 kB
 * of JSON (scores, recommendations, activity of 200 entities): read and parsed whole for every
 * month page, it made the reputation subgraph the page's slowest part (a direct p99 of 2.4 s at
 * 50 connections). Every read still asks PostgreSQL for the row's version; only the scores of a
 * version already held are neither sent nor parsed again, so an answer is always what the table
 * holds. Bounded: the least recently read periods go first.
 */
class ReportScoresCache {
  private readonly byPeriod = new Map<string, { version: string; scores: ReportScores }>();

  constructor(private readonly capacity: number) {}

  /** The held version of a period (and marks it as used). */
  held(period: string): { version: string; scores: ReportScores } | undefined {
    const held = this.byPeriod.get(period);
    if (held) {
      this.byPeriod.delete(period);
      this.byPeriod.set(period, held);
    }
    return held;
  }

  store(period: string, version: string, scores: ReportScores): void {
    this.byPeriod.delete(period);
    this.byPeriod.set(period, { version, scores });
    for (const oldest of this.byPeriod.keys()) {
      if (this.byPeriod.size <= this.capacity) break;
      this.byPeriod.delete(oldest);
    }
  }

  forget(period: string): void {
    this.byPeriod.delete(period);
  }
}

/** Per database: two years of monthly reports and their annual ones (about 1 MB parsed each). */
const heldScoresFor = perDatabase(() => new ReportScoresCache(26));

/** The scores of a period's report (`month` null: the annual one), or null when it has none. */
export async function readReportScores(
  db: DataSource,
  year: number,
  month: number | null,
): Promise<ReportScores | null> {
  const period = `${year}-${month ?? 0}`;
  const cache = heldScoresFor(db);
  const held = cache.held(period);
  // One statement: the row's version, and its scores unless this process holds that version.
  const rows = (await db.query(
    `SELECT period_year, period_month, xmin::text AS version,
            CASE WHEN xmin::text = $3 THEN NULL ELSE scores END AS scores
       FROM reputation_report
      WHERE period_year = $1 AND COALESCE(period_month, 0) = $2`,
    [year, month ?? 0, held?.version ?? null],
  )) as {
    period_year: number;
    period_month: number | null;
    version: string;
    scores: StoredScore[] | null;
  }[];
  const row = rows[0];
  if (!row) {
    cache.forget(period);
    return null;
  }
  if (row.scores === null && held?.version === row.version) return held.scores;
  const scores: ReportScores = {
    report: { periodYear: row.period_year, periodMonth: row.period_month },
    byEntity: new Map((row.scores ?? []).map((score) => [score.entityId, score])),
  };
  cache.store(period, row.version, scores);
  return scores;
}

import type { Platform } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";

const DAY_MS = 86_400_000;

/**
 * A rolled-up sample: [day (days since 1970-01-01), platform, then the metrics in this order].
 * Arrays, not objects: a month of an entity is about 14 kB of JSON instead of 57 kB.
 */
type PackedSample = [number, Platform, ...(number | null)[]];

/** Each MetricSample field that is a column, and its place in a packed sample. */
const PACKED_INDEX: Record<string, number> = {
  platform: 1,
  followers: 2,
  impressions: 3,
  engagements: 4,
  mentions: 5,
  positiveMentions: 6,
  negativeMentions: 7,
  neutralMentions: 8,
  inquiries: 9,
  responses: 10,
  medianResponseMinutes: 11,
};

/** One month of an entity's samples as packed JSON, by day then platform. */
const PACK_MONTHS = `
  SELECT date_trunc('month', day)::date - date '1970-01-01' AS month,
         json_agg(json_build_array(day - date '1970-01-01', platform, followers, impressions,
           engagements, mentions, positive_mentions, negative_mentions, neutral_mentions,
           inquiries, responses, median_response_minutes) ORDER BY day, platform)::text AS samples
    FROM metric_sample
   WHERE entity_id = $1 AND day >= $2::date AND day < $3::date
     AND date_trunc('month', day)::date = ANY($4::date[])
   GROUP BY 1`;

export interface SeriesRange {
  entityId: string;
  platform: Platform | null;
  /** YYYY-MM-DD, inclusive */
  from: string;
  /** YYYY-MM-DD, inclusive */
  to: string;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** YYYY-MM-DD of a day number; remembered, as a year of series asks for the same 365 days. */
const isoDays = new Map<number, string>();
function isoDay(day: number): string {
  let text = isoDays.get(day);
  if (text === undefined) {
    if (isoDays.size >= 100_000) isoDays.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, text);
  }
  return text;
}
const firstOfMonth = (day: number) => {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
};

/**
 * An entity's samples from..to by day then platform, with only the fields the query selects.
 *
 * It reads metric_month_rollup (migration 402): an entity-year is 12 or 13 rows of packed JSON,
 * parsed natively, instead of 2,555 rows whose every field the driver decodes into its own
 * string, which cost more than the scan and made the garbage that set the tail latency.
 * A month that samples were written to since its rollup (it has a change mark) is rebuilt from
 * metric_sample first, so the answer is always what metric_sample holds.
 */
export async function readMetricSeries(
  db: DataSource,
  range: SeriesRange,
  fields: ReadonlySet<string>,
): Promise<Record<string, unknown>[]> {
  const fromDay = dayNumber(range.from);
  const toDay = dayNumber(range.to);
  if (toDay < fromDay) return [];
  const firstMonth = isoDay(firstOfMonth(fromDay));
  // One statement, so the rollups and the change marks are read at one snapshot.
  const rows = (await db.query(
    `SELECT month - date '1970-01-01' AS month, samples, false AS stale
       FROM metric_month_rollup WHERE entity_id = $1 AND month BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT DISTINCT month - date '1970-01-01', NULL, true
       FROM metric_month_change WHERE entity_id = $1 AND month BETWEEN $2::date AND $3::date`,
    [range.entityId, firstMonth, range.to],
  )) as { month: number; samples: string | null; stale: boolean }[];
  const stale = new Set(rows.filter((row) => row.stale).map((row) => row.month));
  const packedByMonth = new Map<number, string>();
  for (const row of rows) {
    if (!row.stale && !stale.has(row.month)) packedByMonth.set(row.month, row.samples!);
  }
  if (stale.size > 0) {
    for (const [month, samples] of await rebuildMonths(db, range.entityId, [...stale])) {
      packedByMonth.set(month, samples);
    }
  }
  const columns = Object.entries(PACKED_INDEX).filter(([field]) => fields.has(field));
  const withDate = fields.has("date");
  const entity = fields.has("entity") ? { id: range.entityId } : undefined;
  const series: Record<string, unknown>[] = [];
  for (const month of [...packedByMonth.keys()].sort((a, b) => a - b)) {
    for (const packed of JSON.parse(packedByMonth.get(month)!) as PackedSample[]) {
      const day = packed[0];
      if (day < fromDay || day > toDay) continue;
      if (range.platform && packed[1] !== range.platform) continue;
      const sample: Record<string, unknown> = {};
      if (withDate) sample.date = isoDay(day);
      for (const [field, index] of columns) sample[field] = packed[index];
      if (entity) sample.entity = entity;
      series.push(sample);
    }
  }
  return series;
}

/**
 * Rolls the months up again from metric_sample and stores them, in one REPEATABLE READ
 * transaction: the samples read and the change marks deleted are those of one snapshot, so a
 * write committed after it keeps its mark and is rolled up by a later read. When another read
 * rebuilt the same month meanwhile, PostgreSQL refuses this one's store (a serialization
 * failure); the months read here are still right for this request, so they are answered.
 */
async function rebuildMonths(
  db: DataSource,
  entityId: string,
  months: number[],
): Promise<Map<number, string>> {
  const monthDates = months.map(isoDay);
  const first = Math.min(...months);
  const last = Math.max(...months);
  const end = isoDay(Date.UTC(...nextMonthOf(last)) / DAY_MS);
  const rebuilt = new Map<number, string>();
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction("REPEATABLE READ");
    const tx: EntityManager = runner.manager;
    const packed = (await tx.query(PACK_MONTHS, [entityId, isoDay(first), end, monthDates])) as {
      month: number;
      samples: string;
    }[];
    for (const row of packed) rebuilt.set(row.month, row.samples);
    try {
      await tx.query(
        `DELETE FROM metric_month_change WHERE entity_id = $1 AND month = ANY($2::date[])`,
        [entityId, monthDates],
      );
      await tx.query(
        `INSERT INTO metric_month_rollup (entity_id, month, samples)
           SELECT $1, date '1970-01-01' + m, s FROM unnest($2::int[], $3::text[]) AS u(m, s)
         ON CONFLICT (entity_id, month) DO UPDATE SET samples = EXCLUDED.samples, built_at = now()`,
        [entityId, [...rebuilt.keys()], [...rebuilt.values()]],
      );
      // A month whose samples were all deleted keeps no rollup.
      await tx.query(
        `DELETE FROM metric_month_rollup WHERE entity_id = $1 AND month = ANY($2::date[])`,
        [entityId, months.filter((month) => !rebuilt.has(month)).map(isoDay)],
      );
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      if (!isConcurrentRebuild(error)) throw error;
    }
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
  return rebuilt;
}

function nextMonthOf(day: number): [number, number, number] {
  const date = new Date(day * DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, 1];
}

/** serialization_failure or deadlock_detected: another transaction stored the same months. */
function isConcurrentRebuild(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
  return code === "40001" || code === "40P01";
}

import { isSerializationConflict, type Platform } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import { perDatabase } from "./per-database";

const DAY_MS = 86_400_000;

/**
 * A rolled-up sample of one platform: [day (days since 1970-01-01), then the metrics in the
 * order of PACKED_INDEX]. Arrays, not objects: a month is about 2 kB of JSON instead of 8 kB.
 */
type PackedSample = [number, ...(number | null)[]];

/** Each metric field of MetricSample and its place in a packed sample. */
const PACKED_INDEX: Record<string, number> = {
  followers: 1,
  impressions: 2,
  engagements: 3,
  mentions: 4,
  positiveMentions: 5,
  negativeMentions: 6,
  neutralMentions: 7,
  inquiries: 8,
  responses: 9,
  medianResponseMinutes: 10,
};

/** The months of an entity rolled up per platform, each as packed JSON by day. */
const PACK_MONTHS = `
  SELECT date_trunc('month', day)::date - date '1970-01-01' AS month, platform,
         json_agg(json_build_array(day - date '1970-01-01', followers, impressions, engagements,
           mentions, positive_mentions, negative_mentions, neutral_mentions, inquiries, responses,
           median_response_minutes) ORDER BY day)::text AS samples
    FROM metric_sample
   WHERE entity_id = $1 AND day >= $2::date AND day < $3::date
     AND date_trunc('month', day)::date = ANY($4::date[])
   GROUP BY 1, 2`;

interface RolledUpMonth {
  month: number;
  platform: string;
  samples: string;
}

/** A rolled-up month of one platform, parsed. */
interface ParsedMonth {
  month: number;
  platform: string;
  packed: PackedSample[];
}

/**
 * Parsed rollup months kept between requests, each with the version of its row (`xmin`, new
 * whenever a month is rolled up again), by entity. Every read still asks PostgreSQL for the
 * months' rows and versions at one snapshot, with their change marks; only the JSON of a month
 * whose version it already holds is neither sent nor parsed again. An answer is therefore
 * always what the tables hold; what this saves is the transfer and parsing of about 200 kB per
 * entity-year and the garbage they made (P6's tail). Bounded: the least recently read
 * entities' months go first.
 */
class ParsedMonthCache {
  /** entity -> `month:platform` -> version and samples; in order of last use. */
  private readonly byEntity = new Map<
    string,
    Map<string, { version: string; packed: PackedSample[] }>
  >();
  private size = 0;

  constructor(private readonly capacity: number) {}

  /** The entity's held months by `month:platform:version` (and marks the entity as used). */
  held(entityId: string): Map<string, PackedSample[]> {
    const months = this.byEntity.get(entityId);
    const held = new Map<string, PackedSample[]>();
    if (!months) return held;
    this.byEntity.delete(entityId);
    this.byEntity.set(entityId, months);
    for (const [monthPlatform, { version, packed }] of months) {
      held.set(`${monthPlatform}:${version}`, packed);
    }
    return held;
  }

  store(
    entityId: string,
    month: number,
    platform: string,
    version: string,
    packed: PackedSample[],
  ) {
    let months = this.byEntity.get(entityId);
    if (!months) {
      months = new Map();
      this.byEntity.set(entityId, months);
    }
    const key = `${month}:${platform}`;
    if (!months.has(key)) this.size++;
    months.set(key, { version, packed });
    for (const [oldest, oldestMonths] of this.byEntity) {
      if (this.size <= this.capacity || oldest === entityId) break;
      this.size -= oldestMonths.size;
      this.byEntity.delete(oldest);
    }
  }
}

/** Per database: about 40 entity-years of 7 platforms (a month of a platform is 1 to 4 kB parsed). */
const parsedMonthsFor = perDatabase(() => new ParsedMonthCache(4_000));

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
/** The day number of the first day of the day's month, or of a month after it. */
const monthStart = (day: number, monthsLater = 0) => {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthsLater, 1) / DAY_MS;
};

/**
 * An entity's samples from..to by day then platform, with only the fields the query selects.
 *
 * It reads metric_month_rollup (migration 402): an entity-year is 12 or 13 months of packed
 * JSON per platform, parsed natively, instead of 2,555 rows whose every field the driver decodes
 * into a string of its own, which cost more than the scan and made the garbage that set the
 * tail latency.
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
  const monthsFromTo = [isoDay(monthStart(fromDay)), range.to];
  const parsedMonths = parsedMonthsFor(db);
  // Held while the query runs: another request may meanwhile push them out of the cache.
  const held = parsedMonths.held(range.entityId);
  // One statement, so the rollups and the change marks are read at one snapshot. A month whose
  // version this process holds parsed comes back without its JSON.
  const rows = (await db.query(
    `SELECT month - date '1970-01-01' AS month, platform, xmin::text AS version,
            CASE WHEN (month - date '1970-01-01') || ':' || platform || ':' || xmin::text
                      = ANY($5::text[])
                 THEN NULL ELSE samples END AS samples
       FROM metric_month_rollup
      WHERE entity_id = $1 AND month BETWEEN $2::date AND $3::date
        AND ($4::text IS NULL OR platform = $4)
     UNION ALL
     SELECT DISTINCT month - date '1970-01-01', NULL, NULL, NULL
       FROM metric_month_change WHERE entity_id = $1 AND month BETWEEN $2::date AND $3::date`,
    [range.entityId, ...monthsFromTo, range.platform ?? null, [...held.keys()]],
  )) as { month: number; platform: string | null; version: string; samples: string | null }[];
  const stale = new Set(rows.filter((row) => row.platform === null).map((row) => row.month));
  const months: ParsedMonth[] = [];
  for (const row of rows) {
    if (row.platform === null || stale.has(row.month)) continue;
    let packed =
      row.samples === null ? held.get(`${row.month}:${row.platform}:${row.version}`) : undefined;
    if (!packed) {
      packed = JSON.parse(row.samples!) as PackedSample[];
      parsedMonths.store(range.entityId, row.month, row.platform, row.version, packed);
    }
    months.push({ month: row.month, platform: row.platform, packed });
  }
  if (stale.size > 0) {
    const rebuilt = await rebuildMonths(db, range.entityId, [...stale]);
    for (const row of rebuilt) {
      if (range.platform && row.platform !== range.platform) continue;
      months.push({
        month: row.month,
        platform: row.platform,
        packed: JSON.parse(row.samples) as PackedSample[],
      });
    }
  }
  return toSamples(months, fromDay, toDay, fields, range.entityId);
}

/**
 * The samples of the rolled-up months within fromDay..toDay, by day then platform, as objects
 * with the selected fields: each platform's months in order give its days in order, and the
 * platforms' lines are merged by day.
 */
function toSamples(
  rolledUp: ParsedMonth[],
  fromDay: number,
  toDay: number,
  fields: ReadonlySet<string>,
  entityId: string,
): Record<string, unknown>[] {
  const lines = new Map<string, PackedSample[]>();
  rolledUp.sort((a, b) =>
    a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.month - b.month,
  );
  for (const { platform, packed: monthSamples } of rolledUp) {
    const line = lines.get(platform) ?? [];
    for (const packed of monthSamples) {
      if (packed[0] >= fromDay && packed[0] <= toDay) line.push(packed);
    }
    lines.set(platform, line);
  }
  const platforms = [...lines.keys()];
  const platformLines = platforms.map((platform) => lines.get(platform)!);
  const next = platforms.map(() => 0);
  const columns = Object.entries(PACKED_INDEX).filter(([field]) => fields.has(field));
  const withDate = fields.has("date");
  const withPlatform = fields.has("platform");
  const entity = fields.has("entity") ? { id: entityId } : undefined;
  const series: Record<string, unknown>[] = [];
  for (;;) {
    let day = Infinity;
    for (let p = 0; p < platforms.length; p++) {
      const packed = platformLines[p]![next[p]!];
      if (packed && packed[0] < day) day = packed[0];
    }
    if (day === Infinity) return series;
    for (let p = 0; p < platforms.length; p++) {
      const packed = platformLines[p]![next[p]!];
      if (!packed || packed[0] !== day) continue;
      next[p]!++;
      const sample: Record<string, unknown> = {};
      if (withDate) sample.date = isoDay(day);
      if (withPlatform) sample.platform = platforms[p];
      for (const [field, index] of columns) sample[field] = packed[index];
      if (entity) sample.entity = entity;
      series.push(sample);
    }
  }
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
): Promise<RolledUpMonth[]> {
  const monthDates = months.map(isoDay);
  const end = isoDay(monthStart(Math.max(...months), 1));
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction("REPEATABLE READ");
    const tx: EntityManager = runner.manager;
    const rebuilt = (await tx.query(PACK_MONTHS, [
      entityId,
      isoDay(Math.min(...months)),
      end,
      monthDates,
    ])) as RolledUpMonth[];
    try {
      await tx.query(
        `DELETE FROM metric_month_change WHERE entity_id = $1 AND month = ANY($2::date[])`,
        [entityId, monthDates],
      );
      // A platform whose samples of the month were all deleted keeps no rollup.
      await tx.query(
        `DELETE FROM metric_month_rollup WHERE entity_id = $1 AND month = ANY($2::date[])`,
        [entityId, monthDates],
      );
      // ON CONFLICT: a concurrent first rollup of the month then fails as a serialization
      // conflict (REPEATABLE READ), not as a duplicate key.
      await tx.query(
        `INSERT INTO metric_month_rollup (entity_id, month, platform, samples)
           SELECT $1, date '1970-01-01' + m, p, s
             FROM unnest($2::int[], $3::text[], $4::text[]) AS u(m, p, s)
         ON CONFLICT (entity_id, month, platform)
           DO UPDATE SET samples = EXCLUDED.samples, built_at = now()`,
        [
          entityId,
          rebuilt.map((row) => row.month),
          rebuilt.map((row) => row.platform),
          rebuilt.map((row) => row.samples),
        ],
      );
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      if (!isSerializationConflict(error)) throw error;
    }
    return rebuilt;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

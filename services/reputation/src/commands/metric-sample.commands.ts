import { randomUUID } from "node:crypto";
import { badUserInput, dayIn, type CommandContext } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import { lookupIds, rejectionOf, type SampleValues } from "../domain/sample-checks";
import { recordReputationEvent } from "../events/published";

export const MAX_SAMPLES_PER_CALL = 10_000;
const ROWS_PER_STATEMENT = 5_000;

export interface IngestResult {
  accepted: number;
  updated: number;
  rejected: { index: number; reason: string }[];
}

/** Which of the ids the entity projection knows (one indexed lookup for a whole call). */
export async function knownEntities(
  db: DataSource | EntityManager,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await db.query(
    `SELECT id::text AS id FROM entity_profile WHERE id = ANY($1::uuid[])`,
    [ids],
  )) as {
    id: string;
  }[];
  return new Set(rows.map((row) => row.id));
}

/** A sample as the columns of metric_sample, for json_to_recordset. */
function sampleRow(sample: SampleValues) {
  return {
    entity_id: sample.entityId.toLowerCase(),
    platform: sample.platform,
    day: sample.date,
    followers: sample.followers ?? null,
    impressions: sample.impressions ?? null,
    engagements: sample.engagements ?? null,
    mentions: sample.mentions ?? null,
    positive_mentions: sample.positiveMentions ?? null,
    negative_mentions: sample.negativeMentions ?? null,
    neutral_mentions: sample.neutralMentions ?? null,
    inquiries: sample.inquiries ?? null,
    responses: sample.responses ?? null,
    median_response_minutes: sample.medianResponseMinutes ?? null,
  };
}

/**
 * Upserts the samples: one statement per 5,000 rows, the rows sent as one JSON parameter that
 * PostgreSQL reads with json_to_recordset. (Thirteen column arrays cost the driver about twice
 * the CPU: it escapes every element in JavaScript; JSON.stringify is native.) A key may appear
 * once per call (callers keep the last). Returns how many rows replaced an existing sample
 * ((xmax = 0) marks a new row).
 */
export async function upsertSamples(tx: EntityManager, rows: SampleValues[]): Promise<number> {
  let replaced = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map(sampleRow);
    const [{ count }] = (await tx.query(
      `WITH upserted AS (
         INSERT INTO metric_sample (entity_id, platform, day, followers, impressions, engagements,
           mentions, positive_mentions, negative_mentions, neutral_mentions, inquiries, responses,
           median_response_minutes)
         SELECT * FROM json_to_recordset($1::json) AS s(entity_id uuid, platform text, day date,
           followers bigint, impressions bigint, engagements bigint, mentions bigint,
           positive_mentions bigint, negative_mentions bigint, neutral_mentions bigint,
           inquiries bigint, responses bigint, median_response_minutes float8)
         ON CONFLICT (entity_id, platform, day) DO UPDATE SET followers = EXCLUDED.followers,
           impressions = EXCLUDED.impressions, engagements = EXCLUDED.engagements,
           mentions = EXCLUDED.mentions, positive_mentions = EXCLUDED.positive_mentions,
           negative_mentions = EXCLUDED.negative_mentions, neutral_mentions = EXCLUDED.neutral_mentions,
           inquiries = EXCLUDED.inquiries, responses = EXCLUDED.responses,
           median_response_minutes = EXCLUDED.median_response_minutes, recorded_at = now()
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE NOT inserted)::int AS count FROM upserted`,
      [JSON.stringify(chunk)],
    )) as { count: number }[];
    replaced += count;
  }
  return replaced;
}

/** Keeps the last sample of each key (entity, platform, day); counts the earlier ones it drops. */
export function lastOfEachKey(samples: SampleValues[]): {
  rows: SampleValues[];
  duplicates: number;
} {
  const latest = new Map<string, SampleValues>();
  for (const sample of samples) {
    latest.set(`${sample.entityId.toLowerCase()}|${sample.platform}|${sample.date}`, sample);
  }
  return { rows: [...latest.values()], duplicates: samples.length - latest.size };
}

/**
 * Checks the samples one by one, stores the valid ones (a key recorded again is replaced) in one
 * transaction with one MetricsRecorded event, and names every rejected row with its reason.
 */
export async function recordMetrics(
  db: DataSource,
  context: CommandContext,
  samples: SampleValues[],
  timeZone: string,
): Promise<IngestResult> {
  if (samples.length === 0 || samples.length > MAX_SAMPLES_PER_CALL) {
    throw badUserInput(`samples must hold 1 to ${MAX_SAMPLES_PER_CALL} samples`, "samples");
  }
  const known = await knownEntities(db, lookupIds(samples));
  const today = dayIn(new Date(), timeZone);
  const rejected: IngestResult["rejected"] = [];
  const valid: SampleValues[] = [];
  samples.forEach((sample, index) => {
    const reason = rejectionOf(sample, (id) => known.has(id), today);
    if (reason) rejected.push({ index, reason });
    else valid.push(sample);
  });
  // The last sample of a key wins within a call too (one upsert cannot touch a row twice).
  const { rows, duplicates } = lastOfEachKey(valid);
  if (rows.length === 0) return { accepted: 0, updated: 0, rejected };
  const days = rows.map((row) => row.date).sort();
  const replaced = await db.transaction(async (tx) => {
    const count = await upsertSamples(tx, rows);
    await recordReputationEvent(tx, context, "MetricsRecorded", {
      id: randomUUID(),
      accepted: rows.length + duplicates,
      updated: count + duplicates,
      rejected: rejected.length,
      entities: new Set(rows.map((row) => row.entityId.toLowerCase())).size,
      from: days[0]!,
      to: days[days.length - 1]!,
    });
    return count;
  });
  return { accepted: rows.length + duplicates, updated: replaced + duplicates, rejected };
}

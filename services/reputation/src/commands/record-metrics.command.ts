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

/**
 * Upserts the samples: one statement per 5,000 rows with one array per column (unnest), so the
 * statement's size does not grow with the rows. A key may appear once per call (callers keep the
 * last). Returns how many rows replaced an existing sample ((xmax = 0) marks a new row).
 */
export async function upsertSamples(tx: EntityManager, rows: SampleValues[]): Promise<number> {
  let replaced = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const column = <T>(read: (sample: SampleValues) => T) => chunk.map(read);
    const [{ count }] = (await tx.query(
      `WITH upserted AS (
         INSERT INTO metric_sample (entity_id, platform, day, followers, impressions, engagements,
           mentions, positive_mentions, negative_mentions, neutral_mentions, inquiries, responses,
           median_response_minutes)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::bigint[], $5::bigint[],
           $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[],
           $12::bigint[], $13::float8[])
         ON CONFLICT (entity_id, platform, day) DO UPDATE SET followers = EXCLUDED.followers,
           impressions = EXCLUDED.impressions, engagements = EXCLUDED.engagements,
           mentions = EXCLUDED.mentions, positive_mentions = EXCLUDED.positive_mentions,
           negative_mentions = EXCLUDED.negative_mentions, neutral_mentions = EXCLUDED.neutral_mentions,
           inquiries = EXCLUDED.inquiries, responses = EXCLUDED.responses,
           median_response_minutes = EXCLUDED.median_response_minutes, recorded_at = now()
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE NOT inserted)::int AS count FROM upserted`,
      [
        column((s) => s.entityId.toLowerCase()),
        column((s) => s.platform),
        column((s) => s.date),
        column((s) => s.followers ?? null),
        column((s) => s.impressions ?? null),
        column((s) => s.engagements ?? null),
        column((s) => s.mentions ?? null),
        column((s) => s.positiveMentions ?? null),
        column((s) => s.negativeMentions ?? null),
        column((s) => s.neutralMentions ?? null),
        column((s) => s.inquiries ?? null),
        column((s) => s.responses ?? null),
        column((s) => s.medianResponseMinutes ?? null),
      ],
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

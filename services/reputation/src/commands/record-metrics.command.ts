import { randomUUID } from "node:crypto";
import { badUserInput, dayIn, type CommandContext } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import { lookupIds, rejectionOf, type SampleValues } from "../domain/sample-checks";
import { recordReputationEvent } from "../events/published";

export const MAX_SAMPLES_PER_CALL = 10_000;
const ROWS_PER_STATEMENT = 1_000;
const COLUMNS = 13;

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

/** Multi-row upsert; RETURNING (xmax = 0) tells a new row from a replaced one. Returns how many replaced. */
export async function upsertSamples(tx: EntityManager, rows: SampleValues[]): Promise<number> {
  let replaced = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((s, i) => {
      params.push(
        s.entityId.toLowerCase(),
        s.platform,
        s.date,
        s.followers ?? null,
        s.impressions ?? null,
        s.engagements ?? null,
        s.mentions ?? null,
        s.positiveMentions ?? null,
        s.negativeMentions ?? null,
        s.neutralMentions ?? null,
        s.inquiries ?? null,
        s.responses ?? null,
        s.medianResponseMinutes ?? null,
      );
      const base = i * COLUMNS;
      return `(${Array.from({ length: COLUMNS }, (_, c) => `$${base + c + 1}`).join(", ")})`;
    });
    const result = (await tx.query(
      `INSERT INTO metric_sample (entity_id, platform, day, followers, impressions, engagements, mentions,
         positive_mentions, negative_mentions, neutral_mentions, inquiries, responses, median_response_minutes)
       VALUES ${tuples.join(", ")}
       ON CONFLICT (entity_id, platform, day) DO UPDATE SET followers = EXCLUDED.followers,
         impressions = EXCLUDED.impressions, engagements = EXCLUDED.engagements, mentions = EXCLUDED.mentions,
         positive_mentions = EXCLUDED.positive_mentions, negative_mentions = EXCLUDED.negative_mentions,
         neutral_mentions = EXCLUDED.neutral_mentions, inquiries = EXCLUDED.inquiries, responses = EXCLUDED.responses,
         median_response_minutes = EXCLUDED.median_response_minutes, recorded_at = now()
       RETURNING (xmax = 0) AS inserted`,
      params,
    )) as { inserted: boolean }[];
    replaced += result.filter((row) => !row.inserted).length;
  }
  return replaced;
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
  // The last sample of a key wins within a call too (one upsert cannot touch a row twice).
  const latest = new Map<string, SampleValues>();
  let duplicates = 0;
  samples.forEach((sample, index) => {
    const reason = rejectionOf(sample, (id) => known.has(id), today);
    if (reason) {
      rejected.push({ index, reason });
      return;
    }
    const key = `${sample.entityId.toLowerCase()}|${sample.platform}|${sample.date}`;
    if (latest.has(key)) duplicates++;
    latest.set(key, sample);
  });
  const rows = [...latest.values()];
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

import { Platform } from "@gcn/shared";

/** A sample as it arrives (GraphQL input, Kafka message, file row). */
export interface SampleValues {
  entityId: string;
  platform: string;
  date: string;
  followers?: number | null;
  impressions?: number | null;
  engagements?: number | null;
  mentions?: number | null;
  positiveMentions?: number | null;
  negativeMentions?: number | null;
  neutralMentions?: number | null;
  inquiries?: number | null;
  responses?: number | null;
  medianResponseMinutes?: number | null;
}

export const COUNT_FIELDS = [
  "followers",
  "impressions",
  "engagements",
  "mentions",
  "positiveMentions",
  "negativeMentions",
  "neutralMentions",
  "inquiries",
  "responses",
] as const;

/** Every platform of the shared Platform enum, in its order. */
export const PLATFORMS: readonly string[] = Object.values(Platform);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entity ids of some samples that can be looked up (UUIDs, lower-cased, once each). */
export function lookupIds(samples: Pick<SampleValues, "entityId">[]): string[] {
  const ids = samples
    .map((s) => s.entityId)
    .filter((id): id is string => typeof id === "string" && UUID.test(id));
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/**
 * The one set of row checks for every way in. Returns the reason a row is rejected, or null.
 * `isKnownEntity` answers from the entity projection; `today` is in the network's time zone.
 */
export function rejectionOf(
  sample: SampleValues,
  isKnownEntity: (id: string) => boolean,
  today: string,
): string | null {
  if (typeof sample.entityId !== "string" || !UUID.test(sample.entityId))
    return "entityId is not an ID issued by this platform";
  if (!isKnownEntity(sample.entityId.toLowerCase()))
    return "entityId names no known government entity";
  if (!PLATFORMS.includes(sample.platform))
    return `platform must be one of ${PLATFORMS.join(", ")}`;
  if (
    typeof sample.date !== "string" ||
    !DAY.test(sample.date) ||
    Number.isNaN(Date.parse(`${sample.date}T00:00:00Z`))
  ) {
    return "date must be a calendar day YYYY-MM-DD";
  }
  if (sample.date > today) return `date ${sample.date} is in the future`;
  for (const field of COUNT_FIELDS) {
    const value = sample[field];
    if (value === null || value === undefined) continue;
    if (!Number.isSafeInteger(value)) return `${field} must be a whole number`;
    if (value < 0) return `${field} must not be negative`;
  }
  const minutes = sample.medianResponseMinutes;
  if (minutes !== null && minutes !== undefined && (!Number.isFinite(minutes) || minutes < 0)) {
    return "medianResponseMinutes must not be negative";
  }
  const parts =
    (sample.positiveMentions ?? 0) + (sample.negativeMentions ?? 0) + (sample.neutralMentions ?? 0);
  if (parts > (sample.mentions ?? 0) && parts > 0) {
    return `positive + negative + neutral mentions (${parts}) exceed mentions (${sample.mentions ?? 0})`;
  }
  return null;
}

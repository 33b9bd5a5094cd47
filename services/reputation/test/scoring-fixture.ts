import type { EntityTotals, PlatformTotals } from "../src/domain/dri-scoring";

/** One platform's totals for a test, with `minutes` the median reported by every response. */
export function totals(
  platform: string,
  values: Partial<PlatformTotals> & { minutes?: number },
): PlatformTotals {
  const { minutes, ...rest } = values;
  const responses = rest.responses ?? 0;
  return {
    platform,
    samples: 1,
    impressions: 0,
    engagements: 0,
    mentions: 0,
    positive: 0,
    negative: 0,
    inquiries: 0,
    responses,
    weightedMinutes: minutes === undefined ? 0 : responses * minutes,
    minutesWeight: minutes === undefined ? 0 : responses,
    ...rest,
  };
}

const day = (d: string, followers: number) => ({ day: d, followers });

/** Five entities whose every component is worked out by hand in the test names below. */
export const FIXTURE: EntityTotals[] = [
  {
    entityId: "A",
    platforms: [
      totals("X", {
        impressions: 9999,
        engagements: 500,
        mentions: 100,
        positive: 60,
        negative: 20,
        inquiries: 20,
        responses: 10,
        minutes: 60,
      }),
    ],
    followerDays: [day("2026-11-01", 1000), day("2026-11-30", 1100)],
  },
  {
    entityId: "B",
    platforms: [
      totals("X", { impressions: 99, engagements: 10, mentions: 50, positive: 10, negative: 30 }),
    ],
    followerDays: [day("2026-11-01", 500), day("2026-11-30", 500)],
  },
  {
    entityId: "C",
    platforms: [
      totals("X", {
        impressions: 999,
        engagements: 100,
        mentions: 50,
        positive: 25,
        negative: 25,
        inquiries: 10,
        responses: 10,
        minutes: 1440,
      }),
    ],
    followerDays: [day("2026-11-05", 200), day("2026-11-20", 300)],
  },
  { entityId: "D", platforms: [totals("X", {})], followerDays: [] },
  {
    entityId: "E",
    platforms: [
      totals("X", {
        impressions: 9,
        engagements: 9,
        mentions: 5,
        positive: 5,
        inquiries: 4,
        responses: 2,
        minutes: 720,
      }),
    ],
    followerDays: [day("2026-11-30", 90), day("2026-11-02", 100)],
  },
];

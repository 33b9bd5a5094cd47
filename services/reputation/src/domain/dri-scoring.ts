/**
 * The digital reputation index, formula `dri-1` (contract.md, reputation section). Pure: the
 * service sums the samples of a period per entity and platform, and everything else is here.
 */
export const FORMULA_VERSION = "dri-1";

export interface ScoreWeights {
  reach: number;
  engagement: number;
  sentiment: number;
  shareOfVoice: number;
  responsiveness: number;
  growth: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  reach: 0.15,
  engagement: 0.2,
  sentiment: 0.25,
  shareOfVoice: 0.15,
  responsiveness: 0.15,
  growth: 0.1,
};

/** Sums of one entity's samples on one platform over the period. */
export interface PlatformTotals {
  platform: string;
  samples: number;
  impressions: number;
  engagements: number;
  mentions: number;
  positive: number;
  negative: number;
  inquiries: number;
  responses: number;
  /** Σ responses × medianResponseMinutes and Σ responses, over samples reporting both. */
  weightedMinutes: number;
  minutesWeight: number;
}

/** Followers summed over platforms on one day. */
export interface FollowerDay {
  day: string;
  followers: number;
}

export interface EntityTotals {
  entityId: string;
  platforms: PlatformTotals[];
  followerDays: FollowerDay[];
}

export interface ScoreComponents {
  reach: number;
  engagementRate: number;
  netSentiment: number;
  shareOfVoice: number;
  responsiveness: number;
  followerGrowth: number;
}

export interface EntityScore {
  entityId: string;
  score: number;
  rank: number;
  components: ScoreComponents;
  /** The points each weighted term adds to the score (named as the weights; they sum to it). */
  contributions: ScoreWeights;
  sampleCount: number;
}

/** Half away from zero, to 2 decimals (the contract's rounding). */
export function round2(value: number): number {
  const scaled = Math.abs(value) * 100;
  const rounded = Math.round(scaled + 1e-9) / 100;
  return value < 0 ? -rounded : rounded;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** The raw components of one entity; `allMentions` is Σ mentions of every scored entity. */
export function components(entity: EntityTotals, allMentions: number): ScoreComponents {
  const p = entity.platforms;
  const impressions = sum(p.map((t) => t.impressions));
  const positive = sum(p.map((t) => t.positive));
  const negative = sum(p.map((t) => t.negative));
  const inquiries = sum(p.map((t) => t.inquiries));
  const responses = sum(p.map((t) => t.responses));
  const minutesWeight = sum(p.map((t) => t.minutesWeight));
  const rate = inquiries === 0 ? 1 : Math.min(1, responses / inquiries);
  const meanMinutes =
    minutesWeight === 0 ? null : sum(p.map((t) => t.weightedMinutes)) / minutesWeight;
  const speed = meanMinutes === null ? 1 : Math.max(0, 1 - meanMinutes / 1440);
  const days = [...entity.followerDays].sort((a, b) => (a.day < b.day ? -1 : 1));
  const start = days[0]?.followers ?? 0;
  const end = days[days.length - 1]?.followers ?? 0;
  return {
    reach: impressions,
    engagementRate: ratio(sum(p.map((t) => t.engagements)), impressions),
    netSentiment: ratio(positive - negative, positive + negative),
    shareOfVoice: ratio(sum(p.map((t) => t.mentions)), allMentions),
    responsiveness: rate * speed,
    followerGrowth: start === 0 ? 0 : (end - start) / start,
  };
}

/** minmax(x) = (x − min) / (max − min), and 0.5 for everyone when max = min. */
export function minmax(values: number[]): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((value) => (max === min ? 0.5 : (value - min) / (max - min)));
}

/** Competition ranking on rounded scores: equal scores share a rank (1, 2, 2, 4). */
export function rank(scores: number[]): number[] {
  return scores.map((score) => 1 + scores.filter((other) => other > score).length);
}

/** Scores, ranks and components of every entity with at least one sample in the period. */
export function scoreEntities(
  entities: EntityTotals[],
  weights: ScoreWeights = DEFAULT_WEIGHTS,
): EntityScore[] {
  const scored = entities.filter((e) => e.platforms.some((p) => p.samples > 0));
  if (scored.length === 0) return [];
  const allMentions = sum(scored.flatMap((e) => e.platforms.map((p) => p.mentions)));
  const raw = scored.map((entity) => components(entity, allMentions));
  const reachN = minmax(raw.map((c) => Math.log10(1 + c.reach)));
  const engagementN = minmax(raw.map((c) => c.engagementRate));
  const growthN = minmax(raw.map((c) => c.followerGrowth));
  const maxShare = Math.max(...raw.map((c) => c.shareOfVoice));
  const terms = raw.map((c, i) => ({
    reach: 100 * weights.reach * reachN[i]!,
    engagement: 100 * weights.engagement * engagementN[i]!,
    sentiment: 100 * weights.sentiment * ((c.netSentiment + 1) / 2),
    shareOfVoice: 100 * weights.shareOfVoice * (maxShare === 0 ? 0 : c.shareOfVoice / maxShare),
    responsiveness: 100 * weights.responsiveness * c.responsiveness,
    growth: 100 * weights.growth * growthN[i]!,
  }));
  const scores = terms.map((t) =>
    round2(t.reach + t.engagement + t.sentiment + t.shareOfVoice + t.responsiveness + t.growth),
  );
  const ranks = rank(scores);
  return scored.map((entity, i) => ({
    entityId: entity.entityId,
    score: scores[i]!,
    rank: ranks[i]!,
    components: raw[i]!,
    contributions: {
      reach: round2(terms[i]!.reach),
      engagement: round2(terms[i]!.engagement),
      sentiment: round2(terms[i]!.sentiment),
      shareOfVoice: round2(terms[i]!.shareOfVoice),
      responsiveness: round2(terms[i]!.responsiveness),
      growth: round2(terms[i]!.growth),
    },
    sampleCount: sum(entity.platforms.map((p) => p.samples)),
  }));
}

/**
 * Each platform's share of an entity's month: of its engagements, or of its impressions when it
 * has no engagement, or of its samples; shares sum to 1 and are listed largest first.
 */
export function platformShares(entity: EntityTotals): {
  platform: string;
  share: number;
  engagements: number;
  impressions: number;
}[] {
  const measure = (["engagements", "impressions", "samples"] as const).find(
    (field) => sum(entity.platforms.map((p) => p[field])) > 0,
  );
  if (!measure) return [];
  const total = sum(entity.platforms.map((p) => p[measure]));
  return entity.platforms
    .map((p) => ({
      platform: p.platform,
      share: Math.round((p[measure] / total) * 10_000) / 10_000,
      engagements: p.engagements,
      impressions: p.impressions,
    }))
    .sort((a, b) => b.share - a.share || (a.platform < b.platform ? -1 : 1));
}

/** The mean score, 2 decimals (0 when nobody is scored). */
export function nationalIndex(scores: EntityScore[]): number {
  return scores.length === 0 ? 0 : round2(sum(scores.map((s) => s.score)) / scores.length);
}

/** Weights must each be ≥ 0 and sum to 1 (±1e-6); returns the offending field or null. */
export function invalidWeights(weights: ScoreWeights): string | null {
  for (const [name, value] of Object.entries(weights)) {
    if (!Number.isFinite(value) || value < 0) return name;
  }
  return Math.abs(sum(Object.values(weights)) - 1) > 1e-6 ? "sum" : null;
}

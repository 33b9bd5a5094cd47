import { ratio, round2, type EntityScore, type EntityTotals } from "./dri-scoring";

export type RecommendationCode =
  | "LOW_RESPONSE_RATE"
  | "SLOW_RESPONSE"
  | "NEGATIVE_SENTIMENT"
  | "SENTIMENT_DROP"
  | "LOW_ENGAGEMENT"
  | "INACTIVE_PLATFORM"
  | "NO_COMMUNICATION_ACTIVITY";

export interface Recommendation {
  entityId: string;
  code: RecommendationCode;
  severity: "HIGH" | "MEDIUM" | "LOW";
  platform: string | null;
  messageAr: string;
  messageEn: string;
  evidence: string;
}

/** What the rules know of an entity besides its samples. */
export interface EntityContext {
  /** Platforms the entity lists social accounts on (from the entities events). */
  accountPlatforms: string[];
  planItemsDone: number;
  sessionsHeld: number;
  /** netSentiment in the previous period's report, if the entity was scored there. */
  previousNetSentiment: number | null;
}

export const THRESHOLDS = {
  lowResponseRate: { minInquiries: 10, below: 0.6 },
  slowResponse: { minResponses: 1, aboveMinutes: 240 },
  negativeSentiment: { below: -0.2, minVotes: 20 },
  sentimentDrop: { by: 0.2 },
  lowEngagement: { percentile: 0.25, minScored: 4 },
} as const;

const fmt = (value: number) => String(round2(value));

/** The 25th percentile, nearest-rank: the value at rank ceil(0.25 × N) of the sorted values. */
export function nearestRankPercentile(values: number[], percentile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(percentile * sorted.length)) - 1]!;
}

/** The recommendations of a report, by the seven rules of contract.md, in a stable order. */
export function recommend(
  entities: EntityTotals[],
  scores: EntityScore[],
  contextOf: (entityId: string) => EntityContext,
): Recommendation[] {
  const out: Recommendation[] = [];
  const byId = new Map(entities.map((e) => [e.entityId, e]));
  const t = THRESHOLDS;
  const engagementFloor =
    scores.length >= t.lowEngagement.minScored
      ? nearestRankPercentile(
          scores.map((s) => s.components.engagementRate),
          t.lowEngagement.percentile,
        )
      : null;
  for (const score of scores) {
    const entity = byId.get(score.entityId)!;
    const context = contextOf(score.entityId);
    const c = score.components;
    const push = (r: Omit<Recommendation, "entityId">) =>
      out.push({ entityId: score.entityId, ...r });
    for (const p of [...entity.platforms].sort((a, b) => (a.platform < b.platform ? -1 : 1))) {
      const rate = ratio(p.responses, p.inquiries);
      if (p.inquiries >= t.lowResponseRate.minInquiries && rate < t.lowResponseRate.below) {
        push({
          code: "LOW_RESPONSE_RATE",
          severity: "HIGH",
          platform: p.platform,
          messageAr: `نسبة الرد على الاستفسارات في ${p.platform} منخفضة؛ يوصى بتعزيز فريق الرد`,
          messageEn: `Few inquiries on ${p.platform} get an answer; strengthen the response team`,
          evidence: `responses/inquiries = ${p.responses}/${p.inquiries} = ${fmt(rate)} < ${t.lowResponseRate.below}`,
        });
      }
      const minutes = p.minutesWeight === 0 ? null : p.weightedMinutes / p.minutesWeight;
      if (
        p.responses >= t.slowResponse.minResponses &&
        minutes !== null &&
        minutes > t.slowResponse.aboveMinutes
      ) {
        push({
          code: "SLOW_RESPONSE",
          severity: "MEDIUM",
          platform: p.platform,
          messageAr: `زمن الرد في ${p.platform} طويل؛ يوصى بالرد خلال أربع ساعات`,
          messageEn: `Answers on ${p.platform} are slow; aim to answer within four hours`,
          evidence: `weighted median response = ${fmt(minutes)} min > ${t.slowResponse.aboveMinutes}`,
        });
      }
    }
    const positive = entity.platforms.reduce((n, p) => n + p.positive, 0);
    const negative = entity.platforms.reduce((n, p) => n + p.negative, 0);
    if (
      c.netSentiment < t.negativeSentiment.below &&
      positive + negative >= t.negativeSentiment.minVotes
    ) {
      push({
        code: "NEGATIVE_SENTIMENT",
        severity: "HIGH",
        platform: null,
        messageAr: "الانطباع العام سلبي؛ يوصى بخطة تواصل توضيحية",
        messageEn: "Sentiment is negative; prepare a clarifying communication plan",
        evidence: `netSentiment = (${positive} − ${negative}) / ${positive + negative} = ${fmt(c.netSentiment)} < ${t.negativeSentiment.below}`,
      });
    }
    if (
      context.previousNetSentiment !== null &&
      context.previousNetSentiment - c.netSentiment >= t.sentimentDrop.by - 1e-12
    ) {
      push({
        code: "SENTIMENT_DROP",
        severity: "MEDIUM",
        platform: null,
        messageAr: "تراجع الانطباع العام مقارنة بالفترة السابقة؛ يوصى بمراجعة أسباب التراجع",
        messageEn: "Sentiment fell since the previous period; review what caused it",
        evidence: `netSentiment ${fmt(context.previousNetSentiment)} → ${fmt(c.netSentiment)} (drop ≥ ${t.sentimentDrop.by})`,
      });
    }
    if (engagementFloor !== null && c.engagementRate < engagementFloor) {
      push({
        code: "LOW_ENGAGEMENT",
        severity: "LOW",
        platform: null,
        messageAr: "التفاعل مع المحتوى أقل من أغلب الجهات؛ يوصى بمحتوى أقصر وأكثر تفاعلية",
        messageEn: "Engagement is lower than most entities'; try shorter, more interactive content",
        evidence: `engagementRate = ${fmt(c.engagementRate * 100)}% < P25 = ${fmt(engagementFloor * 100)}%`,
      });
    }
    const sampled = new Set(entity.platforms.filter((p) => p.samples > 0).map((p) => p.platform));
    for (const platform of [...new Set(context.accountPlatforms)].sort()) {
      if (!sampled.has(platform)) {
        push({
          code: "INACTIVE_PLATFORM",
          severity: "MEDIUM",
          platform,
          messageAr: `للجهة حساب على ${platform} بلا أي نشاط مرصود في الفترة`,
          messageEn: `The entity has an account on ${platform} with no recorded activity in the period`,
          evidence: `account listed on ${platform}; 0 samples in the period`,
        });
      }
    }
    const mentions = entity.platforms.reduce((n, p) => n + p.mentions, 0);
    if (context.planItemsDone === 0 && context.sessionsHeld === 0 && mentions > 0) {
      push({
        code: "NO_COMMUNICATION_ACTIVITY",
        severity: "MEDIUM",
        platform: null,
        messageAr: "يتحدث الجمهور عن الجهة دون نشاط اتصالي منها في الخطة؛ يوصى بإدراج فعاليات",
        messageEn:
          "People talk about the entity but it did no planned communication; add activities to the plan",
        evidence: `0 plan items done, 0 sessions held, ${mentions} mentions`,
      });
    }
  }
  return out;
}

import { graphqlEnum, type EnumValue } from "@gcn/shared";

export const Severity = graphqlEnum("Severity", "HIGH MEDIUM LOW");
export type Severity = EnumValue<typeof Severity>;

export const RecommendationCode = graphqlEnum(
  "RecommendationCode",
  "LOW_RESPONSE_RATE SLOW_RESPONSE NEGATIVE_SENTIMENT SENTIMENT_DROP LOW_ENGAGEMENT INACTIVE_PLATFORM NO_COMMUNICATION_ACTIVITY",
);
export type RecommendationCode = EnumValue<typeof RecommendationCode>;

export const ReportStatus = graphqlEnum("ReportStatus", "DRAFT PUBLISHED");
export type ReportStatus = EnumValue<typeof ReportStatus>;

import { registerEnumType } from "type-graphql";

export enum Severity {
  HIGH = "HIGH",
  MEDIUM = "MEDIUM",
  LOW = "LOW",
}
registerEnumType(Severity, { name: "Severity" });

export enum RecommendationCode {
  LOW_RESPONSE_RATE = "LOW_RESPONSE_RATE",
  SLOW_RESPONSE = "SLOW_RESPONSE",
  NEGATIVE_SENTIMENT = "NEGATIVE_SENTIMENT",
  SENTIMENT_DROP = "SENTIMENT_DROP",
  LOW_ENGAGEMENT = "LOW_ENGAGEMENT",
  INACTIVE_PLATFORM = "INACTIVE_PLATFORM",
  NO_COMMUNICATION_ACTIVITY = "NO_COMMUNICATION_ACTIVITY",
}
registerEnumType(RecommendationCode, { name: "RecommendationCode" });

export enum ReportStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(ReportStatus, { name: "ReportStatus" });

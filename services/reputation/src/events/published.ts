import { createEventRecorder, defineEventSource, TOPICS } from "@gcn/shared";
import type { ReputationReportRow } from "../entities/reputation-report.entity";

/** Where this service's events go: gcn.reputation.v1, source /gcn/reputation. */
export const REPUTATION_EVENTS = defineEventSource("reputation", TOPICS.reputation);

/** One per recordMetrics call (or collector batch) that stored anything: counts, not rows. */
export interface MetricsRecordedData {
  id: string;
  accepted: number;
  updated: number;
  rejected: number;
  entities: number;
  from: string;
  to: string;
}

export interface ReportEventData {
  id: string;
  period: { year: number; month: number | null };
  status: string;
  formulaVersion: string;
  nationalIndex: number;
  scoredEntities: number;
  recommendations: number;
  publishedAt: string | null;
}

export interface ReputationEventMap {
  MetricsRecorded: MetricsRecordedData;
  ReportGenerated: ReportEventData;
  ReportPublished: ReportEventData;
}

/** Records one of this service's events in the caller's transaction (the outbox). */
export const recordReputationEvent = createEventRecorder<ReputationEventMap>(REPUTATION_EVENTS, {
  MetricsRecorded: "MetricBatch",
  ReportGenerated: "ReputationReport",
  ReportPublished: "ReputationReport",
});

export function reportSnapshot(row: ReputationReportRow): ReportEventData {
  return {
    id: row.id,
    period: { year: row.periodYear, month: row.periodMonth },
    status: row.status,
    formulaVersion: row.formulaVersion,
    nationalIndex: row.nationalIndex,
    scoredEntities: row.scores.length,
    recommendations: row.recommendations.length,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
  };
}

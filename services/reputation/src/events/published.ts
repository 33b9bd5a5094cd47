import { createEventRecorder, REPUTATION_EVENTS, type EventData } from "@gcn/shared";
import type { ReputationReportRow } from "../rows/reputation-report.row";

type ReputationEvents = typeof REPUTATION_EVENTS.events;
export type MetricsRecordedData = EventData<ReputationEvents["MetricsRecorded"]>;
export type ReportEventData = EventData<ReputationEvents["ReportGenerated"]>;

/** Records one of this service's catalogued events in the caller's transaction (the outbox). */
export const recordReputationEvent = createEventRecorder(REPUTATION_EVENTS);

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

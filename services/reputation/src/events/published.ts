import { createEventRecorder, REPUTATION_EVENTS } from "@gcn/shared";
import type { ReputationReportRow } from "../rows/reputation-report.row";

/** Records one of this service's catalogued events, from the changed row, in the outbox. */
export const recordReputationEvent = createEventRecorder(REPUTATION_EVENTS);

/** A report's event state: counts, not its scores and recommendations. */
export function reportState(row: ReputationReportRow) {
  return {
    ...row,
    period: { year: row.periodYear, month: row.periodMonth },
    scoredEntities: row.scores.length,
    recommendations: row.recommendations.length,
  };
}

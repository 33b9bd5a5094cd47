import { createEventRecorder, PLAN_EVENTS } from "@gcn/shared";
import type { CommunicationPlanRow } from "../rows/communication-plan.row";

/** Records one of this service's catalogued events, from the changed row, in the outbox. */
export const recordPlanEvent = createEventRecorder(PLAN_EVENTS);

/** A plan's event state: its row, with the period as one value. */
export function planState(row: CommunicationPlanRow) {
  return { ...row, period: { year: row.periodYear, month: row.periodMonth } };
}

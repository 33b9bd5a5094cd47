import { createEventRecorder, ENTITIES_EVENTS } from "@gcn/shared";
import type { NetworkMeetingRow } from "../rows/network-meeting.row";

/**
 * Records one of this service's catalogued events in the caller's transaction (the outbox), from
 * the changed row: the catalogue keeps only its fields, so a liaison's email and phone (personal
 * data) stay in this service.
 */
export const recordEntitiesEvent = createEventRecorder(ENTITIES_EVENTS);

export type EntitiesEventName = keyof typeof ENTITIES_EVENTS.events;

/** A meeting's event state: its row, with the period as one value. */
export function meetingState(row: NetworkMeetingRow) {
  return { ...row, period: { year: row.periodYear, month: row.periodMonth } };
}

import { createEventRecorder, INITIATIVES_EVENTS } from "@gcn/shared";
import type { InitiativeSessionRow } from "../rows/initiative-session.row";
import type { MediaInitiativeRow } from "../rows/media-initiative.row";

/** Records one of this service's catalogued events, from the changed row, in the outbox. */
export const recordInitiativesEvent = createEventRecorder(INITIATIVES_EVENTS);

export type InitiativesEventName = keyof typeof INITIATIVES_EVENTS.events;

/** A session with what a consumer needs to show it (its initiative's code and titles). */
export function sessionState(row: InitiativeSessionRow, initiative: MediaInitiativeRow) {
  return {
    ...row,
    initiativeCode: initiative.code,
    initiativeTitleAr: initiative.titleAr,
    initiativeTitleEn: initiative.titleEn,
  };
}

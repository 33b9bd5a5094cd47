import { createEventRecorder, INITIATIVES_EVENTS, type EventData } from "@gcn/shared";
import type { InitiativeSessionRow } from "../rows/initiative-session.row";
import type { MediaInitiativeRow } from "../rows/media-initiative.row";

type InitiativesEvents = typeof INITIATIVES_EVENTS.events;
export type InitiativeEventData = EventData<InitiativesEvents["InitiativeProposed"]>;
export type SessionEventData = EventData<InitiativesEvents["SessionScheduled"]>;

/** Records one of this service's catalogued events in the caller's transaction (the outbox). */
export const recordInitiativesEvent = createEventRecorder(INITIATIVES_EVENTS);

export function initiativeSnapshot(row: MediaInitiativeRow): InitiativeEventData {
  return {
    id: row.id,
    code: row.code,
    titleAr: row.titleAr,
    titleEn: row.titleEn,
    format: row.format,
    status: row.status,
    launchedOn: row.launchedOn,
    partnerIds: row.partnerIds,
  };
}

export function sessionSnapshot(
  row: InitiativeSessionRow,
  initiative: MediaInitiativeRow,
): SessionEventData {
  return {
    id: row.id,
    initiativeId: row.initiativeId,
    initiativeCode: initiative.code,
    initiativeTitleAr: initiative.titleAr,
    initiativeTitleEn: initiative.titleEn,
    hostEntityId: row.hostEntityId,
    officialName: row.officialName,
    officialTitle: row.officialTitle,
    liaisonId: row.liaisonId,
    scheduledAt: row.scheduledAt.toISOString(),
    heldAt: row.heldAt ? row.heldAt.toISOString() : null,
    topics: row.topics,
    mediaOutlets: row.mediaOutlets,
    platforms: row.platforms,
    status: row.status,
    publicationUrl: row.publicationUrl,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    notes: row.notes,
    cancelReason: row.cancelReason,
  };
}

export type InitiativesEventName = keyof InitiativesEvents;

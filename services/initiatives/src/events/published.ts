import { createEventRecorder, defineEventSource, TOPICS } from "@gcn/shared";
import type { InitiativeSessionRow } from "../entities/initiative-session.entity";
import type { MediaInitiativeRow } from "../entities/media-initiative.entity";

/** Where this service's events go: gcn.initiatives.v1, source /gcn/initiatives. */
export const INITIATIVES_EVENTS = defineEventSource("initiatives", TOPICS.initiatives);

/** Each event's `data` is the aggregate's state after the change. */
export interface InitiativeEventData {
  id: string;
  code: string;
  titleAr: string;
  titleEn: string | null;
  format: string;
  status: string;
  launchedOn: string | null;
  partnerIds: string[];
}

/** A session with what a consumer needs to show it (its initiative's code and titles). */
export interface SessionEventData {
  id: string;
  initiativeId: string;
  initiativeCode: string;
  initiativeTitleAr: string;
  initiativeTitleEn: string | null;
  hostEntityId: string;
  officialName: string;
  officialTitle: string | null;
  liaisonId: string | null;
  scheduledAt: string;
  heldAt: string | null;
  topics: string[];
  mediaOutlets: string[];
  platforms: string[];
  status: string;
  publicationUrl: string | null;
  publishedAt: string | null;
  notes: string | null;
  cancelReason: string | null;
}

export interface InitiativesEventMap {
  InitiativeProposed: InitiativeEventData;
  InitiativeLaunched: InitiativeEventData;
  InitiativePaused: InitiativeEventData;
  InitiativeConcluded: InitiativeEventData;
  SessionScheduled: SessionEventData;
  SessionRescheduled: SessionEventData;
  SessionHeld: SessionEventData;
  SessionPublished: SessionEventData;
  SessionCancelled: SessionEventData;
}

export type InitiativesEventName = keyof InitiativesEventMap;

/** Records one of this service's events in the caller's transaction (the outbox). */
export const recordInitiativesEvent = createEventRecorder<InitiativesEventMap>(INITIATIVES_EVENTS, {
  InitiativeProposed: "MediaInitiative",
  InitiativeLaunched: "MediaInitiative",
  InitiativePaused: "MediaInitiative",
  InitiativeConcluded: "MediaInitiative",
  SessionScheduled: "InitiativeSession",
  SessionRescheduled: "InitiativeSession",
  SessionHeld: "InitiativeSession",
  SessionPublished: "InitiativeSession",
  SessionCancelled: "InitiativeSession",
});

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

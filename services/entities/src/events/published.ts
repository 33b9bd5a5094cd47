import { createEventRecorder, ENTITIES_EVENTS, type EventData } from "@gcn/shared";
import type { GovernmentEntityRow } from "../rows/government-entity.row";
import type { LiaisonRow } from "../rows/liaison.row";
import type { NetworkMeetingRow } from "../rows/network-meeting.row";

type EntityEvents = typeof ENTITIES_EVENTS.events;
export type EntityEventData = EventData<EntityEvents["EntityRegistered"]>;
export type LiaisonEventData = EventData<EntityEvents["LiaisonAppointed"]>;
export type MeetingEventData = EventData<EntityEvents["MeetingScheduled"]>;
export type EntitiesEventName = keyof EntityEvents;

/** Records one of this service's catalogued events in the caller's transaction (the outbox). */
export const recordEntitiesEvent = createEventRecorder(ENTITIES_EVENTS);

export function entitySnapshot(row: GovernmentEntityRow): EntityEventData {
  return {
    id: row.id,
    code: row.code,
    nameAr: row.nameAr,
    nameEn: row.nameEn,
    kind: row.kind,
    parentId: row.parentId,
    website: row.website,
    socialAccounts: row.socialAccounts,
    active: row.active,
  };
}

export function liaisonSnapshot(row: LiaisonRow): LiaisonEventData {
  return {
    id: row.id,
    entityId: row.entityId,
    fullNameAr: row.fullNameAr,
    fullNameEn: row.fullNameEn,
    jobTitle: row.jobTitle,
    role: row.role,
    active: row.active,
    appointedOn: row.appointedOn,
    endedOn: row.endedOn,
  };
}

export function meetingSnapshot(row: NetworkMeetingRow): MeetingEventData {
  return {
    id: row.id,
    title: row.title,
    scheduledAt: row.scheduledAt.toISOString(),
    venue: row.venue,
    period: { year: row.periodYear, month: row.periodMonth },
    status: row.status,
    agenda: row.agenda,
    attendeeIds: row.attendeeIds,
    decisions: row.decisions,
  };
}

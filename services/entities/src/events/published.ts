import { createEventRecorder, defineEventSource, TOPICS } from "@gcn/shared";
import type { GovernmentEntityRow } from "../entities/government-entity.entity";
import type { LiaisonRow } from "../entities/liaison.entity";
import type { NetworkMeetingRow } from "../entities/network-meeting.entity";

/** Where this service's events go: gcn.entities.v1, source /gcn/entities. */
export const ENTITIES_EVENTS = defineEventSource("entities", TOPICS.entities);

/**
 * The events this service publishes. Each `data` is the aggregate's state after the change, so a
 * consumer can keep a projection without calling back. Liaison contact details (email, phone) are
 * personal data and stay in this service: they are never put on the wire.
 */
export interface EntityEventData {
  id: string;
  code: string;
  nameAr: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
  website: string | null;
  socialAccounts: { platform: string; handle: string; url?: string | null }[];
  active: boolean;
}

export interface LiaisonEventData {
  id: string;
  entityId: string;
  fullNameAr: string;
  fullNameEn: string | null;
  jobTitle: string | null;
  role: string;
  active: boolean;
  appointedOn: string;
  endedOn: string | null;
}

export interface MeetingEventData {
  id: string;
  title: string;
  scheduledAt: string;
  venue: string | null;
  period: { year: number; month: number | null };
  status: string;
  agenda: {
    position: number;
    title: string;
    presenterId: string | null;
    entityId: string | null;
  }[];
  attendeeIds: string[];
  decisions: string[];
}

export interface EntitiesEventMap {
  EntityRegistered: EntityEventData;
  EntityUpdated: EntityEventData;
  EntityDeactivated: EntityEventData;
  LiaisonAppointed: LiaisonEventData;
  LiaisonUpdated: LiaisonEventData;
  LiaisonAppointmentEnded: LiaisonEventData;
  MeetingScheduled: MeetingEventData;
  /** Added to contract.md's list so that every mutation emits exactly one event. */
  MeetingAgendaItemAdded: MeetingEventData;
  MeetingHeld: MeetingEventData;
  MeetingCancelled: MeetingEventData;
}

export type EntitiesEventName = keyof EntitiesEventMap;

/** Records one of this service's events in the caller's transaction (the outbox). */
export const recordEntitiesEvent = createEventRecorder<EntitiesEventMap>(ENTITIES_EVENTS, {
  EntityRegistered: "GovernmentEntity",
  EntityUpdated: "GovernmentEntity",
  EntityDeactivated: "GovernmentEntity",
  LiaisonAppointed: "Liaison",
  LiaisonUpdated: "Liaison",
  LiaisonAppointmentEnded: "Liaison",
  MeetingScheduled: "NetworkMeeting",
  MeetingAgendaItemAdded: "NetworkMeeting",
  MeetingHeld: "NetworkMeeting",
  MeetingCancelled: "NetworkMeeting",
});

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

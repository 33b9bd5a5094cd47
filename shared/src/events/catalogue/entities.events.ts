import { z } from "zod";
import { TOPICS } from "../topics";
import { defineEventFamily } from "./catalogued-event";

const period = z.object({ year: z.number().int(), month: z.number().int().nullable() });

/**
 * A government entity's state. Liaison contact details (email, phone) are personal data and stay
 * in the entities service: they are never put on the wire.
 */
export const entityState = z.object({
  id: z.string(),
  code: z.string(),
  nameAr: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  parentId: z.string().nullable(),
  website: z.string().nullable(),
  socialAccounts: z.array(
    z.object({ platform: z.string(), handle: z.string(), url: z.string().nullish() }),
  ),
  active: z.boolean(),
});
export type EntityEventData = z.infer<typeof entityState>;

export const liaisonState = z.object({
  id: z.string(),
  entityId: z.string(),
  fullNameAr: z.string(),
  fullNameEn: z.string().nullable(),
  jobTitle: z.string().nullable(),
  role: z.string(),
  active: z.boolean(),
  appointedOn: z.string(),
  endedOn: z.string().nullable(),
});
export type LiaisonEventData = z.infer<typeof liaisonState>;

export const meetingState = z.object({
  id: z.string(),
  title: z.string(),
  scheduledAt: z.iso.datetime(),
  venue: z.string().nullable(),
  period,
  status: z.string(),
  agenda: z.array(
    z.object({
      position: z.number().int(),
      title: z.string(),
      presenterId: z.string().nullable(),
      entityId: z.string().nullable(),
    }),
  ),
  attendeeIds: z.array(z.string()),
  decisions: z.array(z.string()),
});
export type MeetingEventData = z.infer<typeof meetingState>;

const entity = (description: string) => ({
  aggregate: "GovernmentEntity",
  data: entityState,
  description,
});
const liaison = (description: string) => ({
  aggregate: "Liaison",
  data: liaisonState,
  description,
});
const meeting = (description: string) => ({
  aggregate: "NetworkMeeting",
  data: meetingState,
  description,
});

/** gcn.entities.v1: entities, their liaison officers and the monthly network meetings. */
export const ENTITIES_EVENTS = defineEventFamily("entities", TOPICS.entities, {
  EntityRegistered: entity("A ministry or agency joined the network."),
  EntityUpdated: entity("An entity's names, kind, parent, website or accounts changed."),
  EntityDeactivated: entity("An entity left the network; it gets no new plan items."),
  LiaisonAppointed: liaison("A liaison officer was appointed for an entity."),
  LiaisonUpdated: liaison("A liaison's names, title or role changed."),
  LiaisonAppointmentEnded: liaison("A liaison's appointment ended."),
  MeetingScheduled: meeting("A network meeting was scheduled."),
  // Not in the design kit's list: every mutation emits exactly one event.
  MeetingAgendaItemAdded: meeting("An item was added to a meeting's agenda."),
  MeetingHeld: meeting("A meeting was held: attendees and decisions recorded."),
  MeetingCancelled: meeting("A meeting was called off."),
});

export const ENTITY_CHANGES = [
  ENTITIES_EVENTS.events.EntityRegistered,
  ENTITIES_EVENTS.events.EntityUpdated,
  ENTITIES_EVENTS.events.EntityDeactivated,
] as const;

export const LIAISON_CHANGES = [
  ENTITIES_EVENTS.events.LiaisonAppointed,
  ENTITIES_EVENTS.events.LiaisonUpdated,
  ENTITIES_EVENTS.events.LiaisonAppointmentEnded,
] as const;

export const MEETING_CHANGES = [
  ENTITIES_EVENTS.events.MeetingScheduled,
  ENTITIES_EVENTS.events.MeetingAgendaItemAdded,
  ENTITIES_EVENTS.events.MeetingHeld,
  ENTITIES_EVENTS.events.MeetingCancelled,
] as const;

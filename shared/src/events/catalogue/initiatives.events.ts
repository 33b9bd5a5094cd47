import { z } from "zod";
import { TOPICS } from "../topics";
import { defineEventFamily } from "./catalogued-event";

export const initiativeState = z.object({
  id: z.string(),
  code: z.string(),
  titleAr: z.string(),
  titleEn: z.string().nullable(),
  format: z.string(),
  status: z.string(),
  launchedOn: z.string().nullable(),
  partnerIds: z.array(z.string()),
});
export type InitiativeEventData = z.infer<typeof initiativeState>;

/** A session with what a consumer needs to show it (its initiative's code and titles). */
export const sessionState = z.object({
  id: z.string(),
  initiativeId: z.string(),
  initiativeCode: z.string(),
  initiativeTitleAr: z.string(),
  initiativeTitleEn: z.string().nullable(),
  hostEntityId: z.string(),
  officialName: z.string(),
  officialTitle: z.string().nullable(),
  liaisonId: z.string().nullable(),
  scheduledAt: z.iso.datetime(),
  heldAt: z.iso.datetime().nullable(),
  topics: z.array(z.string()),
  mediaOutlets: z.array(z.string()),
  platforms: z.array(z.string()),
  status: z.string(),
  publicationUrl: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  notes: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type SessionEventData = z.infer<typeof sessionState>;

const initiative = (description: string) => ({
  aggregate: "MediaInitiative",
  data: initiativeState,
  description,
});
const session = (description: string) => ({
  aggregate: "InitiativeSession",
  data: sessionState,
  description,
});

/** gcn.initiatives.v1: media initiatives and their sessions. */
export const INITIATIVES_EVENTS = defineEventFamily("initiatives", TOPICS.initiatives, {
  InitiativeProposed: initiative("A media initiative was proposed."),
  InitiativeLaunched: initiative("An initiative was launched."),
  InitiativePaused: initiative("An initiative was paused."),
  InitiativeConcluded: initiative("An initiative ended."),
  SessionScheduled: session("A session (an update video, a press dialogue) was scheduled."),
  SessionRescheduled: session("A session moved to another time."),
  SessionHeld: session("A session took place."),
  SessionPublished: session("A session's recording or report was published."),
  SessionCancelled: session("A session was called off."),
});

export const SESSION_CHANGES = [
  INITIATIVES_EVENTS.events.SessionScheduled,
  INITIATIVES_EVENTS.events.SessionRescheduled,
  INITIATIVES_EVENTS.events.SessionHeld,
  INITIATIVES_EVENTS.events.SessionPublished,
  INITIATIVES_EVENTS.events.SessionCancelled,
] as const;

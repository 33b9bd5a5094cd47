import {
  PermanentEventError,
  sequenceOf,
  type CommandContext,
  type EventEnvelope,
  type EventHandler,
} from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { monthPlanFor } from "../../commands/plan-rules.helpers";
import { channelsForPlatforms } from "../../domain/session-channels.rules";
import { PlanItemRow } from "../../entities/plan-item.entity";
import { CHANNEL_ORDER } from "../../schema/plan-enums";
import { planItemSnapshot, recordPlanEvent } from "../published";

/** What the plan reads of an initiatives session event (its data is the session's state). */
interface SessionData {
  id: string;
  hostEntityId: string;
  initiativeTitleAr: string;
  initiativeTitleEn: string | null;
  officialName: string;
  scheduledAt: string;
  heldAt: string | null;
  topics: string[];
  platforms: string[];
  status: string;
  notes: string | null;
}

export const SESSION_EVENT_TYPES = [
  "gcn.initiatives.SessionScheduled.v1",
  "gcn.initiatives.SessionRescheduled.v1",
  "gcn.initiatives.SessionHeld.v1",
  "gcn.initiatives.SessionPublished.v1",
  "gcn.initiatives.SessionCancelled.v1",
];

const ITEM_STATUS: Record<string, string> = {
  SCHEDULED: "PLANNED",
  HELD: "DONE",
  PUBLISHED: "DONE",
  CANCELLED: "CANCELLED",
};

const ONE_HOUR = 3_600_000;

function parseSession(event: EventEnvelope): SessionData {
  const data = event.data as Partial<SessionData>;
  const valid =
    typeof data.id === "string" &&
    typeof data.hostEntityId === "string" &&
    typeof data.officialName === "string" &&
    typeof data.initiativeTitleAr === "string" &&
    typeof data.scheduledAt === "string" &&
    !Number.isNaN(Date.parse(data.scheduledAt)) &&
    typeof data.status === "string" &&
    data.status in ITEM_STATUS &&
    Array.isArray(data.platforms);
  if (!valid)
    throw new PermanentEventError(
      `${event.type} ${event.id} does not carry a session the plan can use`,
    );
  return data as SessionData;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A session becomes a MEDIA_SESSION item in the plan of its month: scheduled -> PLANNED, a
 * reschedule moves it, held or published -> DONE with the session's notes as the outcome,
 * cancelled -> CANCELLED. Every event carries the whole session, so the item is set to the state
 * of the newest event applied; an older one arriving late changes nothing. The host is not
 * checked against entity_ref: the initiatives service already did, and the two topics arrive in
 * no set order.
 */
export function sessionItemHandler(timeZone: string): EventHandler {
  return async (tx: EntityManager, event: EventEnvelope) => {
    const session = parseSession(event);
    const repo = tx.getRepository(PlanItemRow);
    const existing = await repo
      .createQueryBuilder("item")
      .setLock("pessimistic_write")
      .where("item.initiative_session_id = :id", { id: session.id })
      .getOne();
    if (existing && (existing.sourceSequence ?? 0) >= sequenceOf(event)) return;
    const context: CommandContext = {
      requestId: event.correlationid || event.id,
      identity: { sub: event.actor || "initiatives", roles: [] },
    };
    const startsAt = new Date(session.heldAt ?? session.scheduledAt);
    const status = ITEM_STATUS[session.status]!;
    const plan = await monthPlanFor(tx, context, startsAt, timeZone);
    const fields = {
      planId: plan.id,
      ownerId: session.hostEntityId.toLowerCase(),
      titleAr: clip(`${session.initiativeTitleAr}: ${session.officialName}`, 200),
      titleEn: session.initiativeTitleEn
        ? clip(`${session.initiativeTitleEn}: ${session.officialName}`, 200)
        : null,
      description: session.topics.length > 0 ? session.topics.join(" · ") : null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + ONE_HOUR),
      channels: channelsForPlatforms(session.platforms, CHANNEL_ORDER),
      status,
      outcome: status === "DONE" ? (session.notes ?? `${session.officialName}`) : null,
      sourceSequence: sequenceOf(event),
    };
    if (!existing) {
      const saved = await repo.save(
        repo.create({
          ...fields,
          kind: "MEDIA_SESSION",
          priority: "NORMAL",
          keyMessages: [],
          nationalPlanTags: [],
          source: "INITIATIVE_SESSION",
          initiativeSessionId: session.id,
        }),
      );
      await recordPlanEvent(tx, context, "PlanItemScheduled", planItemSnapshot(saved));
      return;
    }
    const previousStatus = existing.status;
    const saved = await repo.save(Object.assign(existing, fields));
    if (previousStatus !== saved.status) {
      await recordPlanEvent(tx, context, "PlanItemStatusChanged", {
        ...planItemSnapshot(saved),
        previousStatus,
      });
    } else {
      await recordPlanEvent(tx, context, "PlanItemUpdated", planItemSnapshot(saved));
    }
  };
}

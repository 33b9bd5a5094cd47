import {
  handleEvents,
  PermanentEventError,
  sequenceOf,
  SESSION_CHANGES,
  type CommandContext,
  type EventHandler,
} from "@gcn/shared";
import { addPlanItem } from "../../commands/plan-item.commands";
import { monthPlanFor } from "../../commands/plan-rules.helpers";
import { channelsForPlatforms } from "../../domain/session-channels.rules";
import { PlanItemRow } from "../../rows/plan-item.row";
import {
  CHANNEL_ORDER,
  PlanItemKind,
  PlanItemSource,
  PlanItemStatus,
  Priority,
} from "../../schema/plan-enums";
import { recordPlanEvent } from "../published";

/** The item status a session's status puts its plan item in. */
const ITEM_STATUS: Record<string, PlanItemStatus> = {
  SCHEDULED: PlanItemStatus.PLANNED,
  HELD: PlanItemStatus.DONE,
  PUBLISHED: PlanItemStatus.DONE,
  CANCELLED: PlanItemStatus.CANCELLED,
};

const ONE_HOUR = 3_600_000;

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
export function sessionItemHandlers(timeZone: string): Record<string, EventHandler> {
  return handleEvents(SESSION_CHANGES, async (tx, session, event) => {
    const status = ITEM_STATUS[session.status];
    if (!status) {
      throw new PermanentEventError(
        `${event.type} ${event.id}: a session ${session.status} has no plan item status`,
      );
    }
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
    const fields = {
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
      outcome: status === PlanItemStatus.DONE ? (session.notes ?? session.officialName) : null,
      sourceSequence: sequenceOf(event),
    };
    if (!existing) {
      await addPlanItem(
        tx,
        context,
        {
          ...fields,
          kind: PlanItemKind.MEDIA_SESSION,
          priority: Priority.NORMAL,
          keyMessages: [],
          nationalPlanTags: [],
          source: PlanItemSource.INITIATIVE_SESSION,
          initiativeSessionId: session.id,
        },
        timeZone,
      );
      return;
    }
    const previousStatus = existing.status;
    const plan = await monthPlanFor(tx, context, startsAt, timeZone);
    const saved = await repo.save(Object.assign(existing, fields, { planId: plan.id }));
    if (previousStatus !== saved.status) {
      await recordPlanEvent(tx, context, "PlanItemStatusChanged", {
        ...saved,
        previousStatus,
      });
    } else {
      await recordPlanEvent(tx, context, "PlanItemUpdated", saved);
    }
  });
}

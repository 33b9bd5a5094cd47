import {
  badUserInput,
  changeLockedRow,
  type CommandContext,
  requireActiveEntity,
  requireUuid,
} from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import {
  assertAcceptsSessions,
  assertReschedulable,
  assertSessionMove,
} from "../domain/initiative-status.rules";
import { InitiativeSessionRow } from "../rows/initiative-session.row";
import { MediaInitiativeRow } from "../rows/media-initiative.row";
import {
  recordInitiativesEvent,
  sessionState,
  type InitiativesEventName,
} from "../events/published";
import type { ScheduleSessionInput } from "../schema/initiative.inputs";
import { assertMayManageSessionsOf, requireLiaisonOf } from "./initiative-rules.helpers";

const HTTP_URL = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

function assertValidDate(value: Date, field: string): void {
  if (Number.isNaN(value.getTime())) throw badUserInput(`${field} must be a date and time`, field);
}

export async function scheduleSession(
  db: DataSource,
  context: CommandContext,
  input: ScheduleSessionInput,
): Promise<InitiativeSessionRow> {
  const hostEntityId = input.hostEntityId.toLowerCase();
  assertMayManageSessionsOf(context, hostEntityId);
  assertValidDate(input.scheduledAt, "input.scheduledAt");
  return db.transaction(async (tx) => {
    const initiative = await tx
      .getRepository(MediaInitiativeRow)
      .findOneBy({ id: input.initiativeId.toLowerCase() });
    if (!initiative)
      throw badUserInput("initiativeId names no known initiative", "input.initiativeId");
    assertAcceptsSessions(initiative.status);
    await requireActiveEntity(tx, hostEntityId, "input.hostEntityId");
    const liaisonId = input.liaisonId?.toLowerCase() ?? null;
    if (liaisonId) await requireLiaisonOf(tx, liaisonId, hostEntityId, "input.liaisonId");
    const repo = tx.getRepository(InitiativeSessionRow);
    const saved = await repo.save(
      repo.create({
        initiativeId: initiative.id,
        hostEntityId,
        officialName: input.officialName,
        officialTitle: input.officialTitle ?? null,
        liaisonId,
        scheduledAt: input.scheduledAt,
        heldAt: null,
        topics: input.topics ?? [],
        mediaOutlets: input.mediaOutlets ?? [],
        platforms: [...new Set(input.platforms ?? [])],
        status: "SCHEDULED",
        publicationUrl: null,
        publishedAt: null,
        notes: null,
        cancelReason: null,
      }),
    );
    await recordInitiativesEvent(tx, context, "SessionScheduled", sessionState(saved, initiative));
    return saved;
  });
}

/** Locks a session, checks the caller may manage it, applies `change` and records `event`. */
async function changeSession(
  db: DataSource,
  context: CommandContext,
  id: string,
  event: InitiativesEventName,
  change: (session: InitiativeSessionRow, tx: EntityManager) => void,
): Promise<InitiativeSessionRow> {
  return changeLockedRow(
    db,
    InitiativeSessionRow,
    requireUuid(id, "id"),
    (session, tx) => {
      assertMayManageSessionsOf(context, session.hostEntityId);
      change(session, tx);
    },
    async (tx, saved) => {
      const initiative = await tx
        .getRepository(MediaInitiativeRow)
        .findOneByOrFail({ id: saved.initiativeId });
      await recordInitiativesEvent(tx, context, event, sessionState(saved, initiative));
    },
  );
}

export function rescheduleSession(
  db: DataSource,
  context: CommandContext,
  id: string,
  scheduledAt: Date,
) {
  assertValidDate(scheduledAt, "scheduledAt");
  return changeSession(db, context, id, "SessionRescheduled", (session) => {
    assertReschedulable(session.status);
    session.scheduledAt = scheduledAt;
  });
}

export function markSessionHeld(
  db: DataSource,
  context: CommandContext,
  id: string,
  heldAt: Date | null | undefined,
  notes: string | null | undefined,
) {
  const when = heldAt ?? new Date();
  assertValidDate(when, "heldAt");
  // A few minutes of clock skew are fine; a session held tomorrow is a typo.
  if (when.getTime() > Date.now() + 5 * 60_000)
    throw badUserInput("heldAt must not be in the future", "heldAt");
  if (notes != null && (notes.length < 2 || notes.length > 2000)) {
    throw badUserInput("notes must be 2 to 2000 characters", "notes");
  }
  return changeSession(db, context, id, "SessionHeld", (session) => {
    assertSessionMove(session.status, "HELD");
    session.status = "HELD";
    session.heldAt = when;
    if (notes != null) session.notes = notes;
  });
}

export function publishSession(
  db: DataSource,
  context: CommandContext,
  id: string,
  url: string,
  platforms: string[],
) {
  if (!HTTP_URL.test(url) || url.length > 2000)
    throw badUserInput("url must be an http(s) URL", "url");
  if (platforms.length === 0)
    throw badUserInput("platforms must name where it was published", "platforms");
  return changeSession(db, context, id, "SessionPublished", (session) => {
    assertSessionMove(session.status, "PUBLISHED");
    session.status = "PUBLISHED";
    session.publicationUrl = url;
    session.publishedAt = new Date();
    session.platforms = [...new Set([...session.platforms, ...platforms])];
  });
}

export function cancelSession(db: DataSource, context: CommandContext, id: string, reason: string) {
  if (reason.trim().length < 3 || reason.length > 500)
    throw badUserInput("reason must be 3 to 500 characters", "reason");
  return changeSession(db, context, id, "SessionCancelled", (session) => {
    assertSessionMove(session.status, "CANCELLED");
    session.status = "CANCELLED";
    session.cancelReason = reason;
  });
}

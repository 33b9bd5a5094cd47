import { badUserInput, changeLockedRow, type CommandContext, requireUuid } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import { PlanItemRow } from "../rows/plan-item.row";
import { recordPlanEvent } from "../events/published";
import {
  assertMayWriteItemsOf,
  assertRange,
  monthPlanFor,
  requireActiveOwner,
} from "./plan-rules.helpers";
import { assertItemEditable, assertItemMove } from "../domain/plan-item-status.rules";
import { PlanItemSource, PlanItemStatus } from "../schema/plan-enums";
import type { SchedulePlanItemInput, UpdatePlanItemInput } from "../schema/plan-item.inputs";

/** What makes a new plan item: every column but the ones the database and the plan give it. */
export type NewPlanItem = Omit<PlanItemRow, "id" | "planId" | "createdAt" | "updatedAt">;

/**
 * The one way an item enters a plan, for the command and for the session handler alike: into the
 * month plan of its start (created as a DRAFT if missing), with its PlanItemScheduled event, in
 * the caller's transaction.
 */
export async function addPlanItem(
  tx: EntityManager,
  context: CommandContext,
  item: NewPlanItem,
  timeZone: string,
): Promise<PlanItemRow> {
  const plan = await monthPlanFor(tx, context, item.startsAt, timeZone);
  const repo = tx.getRepository(PlanItemRow);
  const saved = await repo.save(repo.create({ ...item, planId: plan.id }));
  await recordPlanEvent(tx, context, "PlanItemScheduled", saved);
  return saved;
}

/** Schedules an item in the month plan of its start (created as a DRAFT if missing). */
export async function schedulePlanItem(
  db: DataSource,
  context: CommandContext,
  input: SchedulePlanItemInput,
  timeZone: string,
): Promise<PlanItemRow> {
  const ownerId = input.ownerId.toLowerCase();
  assertMayWriteItemsOf(context, ownerId);
  assertRange(input.startsAt, input.endsAt, "input.endsAt");
  return db.transaction(async (tx) => {
    await requireActiveOwner(tx, ownerId, "input.ownerId");
    return addPlanItem(
      tx,
      context,
      {
        ownerId,
        kind: input.kind,
        titleAr: input.titleAr,
        titleEn: input.titleEn ?? null,
        description: input.description ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        channels: [...new Set(input.channels)],
        priority: input.priority,
        keyMessages: input.keyMessages ?? [],
        nationalPlanTags: input.nationalPlanTags ?? [],
        status: PlanItemStatus.PLANNED,
        outcome: null,
        source: PlanItemSource.MANUAL,
        initiativeSessionId: null,
        sourceSequence: null,
      },
      timeZone,
    );
  });
}

export function updatePlanItem(
  db: DataSource,
  context: CommandContext,
  id: string,
  input: UpdatePlanItemInput,
  timeZone: string,
): Promise<PlanItemRow> {
  return changeLockedRow(
    db,
    PlanItemRow,
    requireUuid(id, "id"),
    async (item, tx) => {
      assertMayWriteItemsOf(context, item.ownerId);
      assertItemEditable(item.status);
      if (input.kind != null) item.kind = input.kind;
      if (input.titleAr != null) item.titleAr = input.titleAr;
      if (input.titleEn !== undefined) item.titleEn = input.titleEn;
      if (input.description !== undefined) item.description = input.description;
      if (input.channels != null) item.channels = [...new Set(input.channels)];
      if (input.priority != null) item.priority = input.priority;
      if (input.keyMessages != null) item.keyMessages = input.keyMessages;
      if (input.nationalPlanTags != null) item.nationalPlanTags = input.nationalPlanTags;
      const moved = input.startsAt != null && input.startsAt.getTime() !== item.startsAt.getTime();
      if (input.startsAt != null) item.startsAt = input.startsAt;
      if (input.endsAt != null) item.endsAt = input.endsAt;
      assertRange(
        item.startsAt,
        item.endsAt,
        input.endsAt != null ? "input.endsAt" : "input.startsAt",
      );
      if (moved) item.planId = (await monthPlanFor(tx, context, item.startsAt, timeZone)).id;
    },
    (tx, saved) => recordPlanEvent(tx, context, "PlanItemUpdated", saved),
  );
}

/** Moves an item along the status arrows; DONE may carry the outcome (the achievement note). */
export function setPlanItemStatus(
  db: DataSource,
  context: CommandContext,
  id: string,
  status: PlanItemStatus,
  outcome: string | null | undefined,
): Promise<PlanItemRow> {
  const itemId = requireUuid(id, "id");
  if (outcome != null) {
    if (status !== PlanItemStatus.DONE)
      throw badUserInput("outcome is recorded only when the item becomes DONE", "outcome");
    if (outcome.trim().length < 2 || outcome.length > 2000) {
      throw badUserInput("outcome must be 2 to 2000 characters", "outcome");
    }
  }
  let previousStatus: PlanItemStatus | undefined;
  return changeLockedRow(
    db,
    PlanItemRow,
    itemId,
    (item) => {
      assertMayWriteItemsOf(context, item.ownerId);
      previousStatus = item.status;
      assertItemMove(item.status, status);
      item.status = status;
      if (status === PlanItemStatus.DONE) item.outcome = outcome ?? null;
    },
    (tx, saved) =>
      recordPlanEvent(tx, context, "PlanItemStatusChanged", {
        ...saved,
        previousStatus,
      }),
  );
}

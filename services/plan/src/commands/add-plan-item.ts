import type { CommandContext } from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { PlanItemRow } from "../rows/plan-item.row";
import { recordPlanEvent } from "../events/published";
import { monthPlanFor } from "./plan-rules.helpers";

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

import { changeLockedRow, type CommandContext, conflict, requireUuid } from "@gcn/shared";
import { IsNull, type DataSource } from "typeorm";
import { assertPlanPublishable } from "../domain/plan-item-status.rules";
import { CommunicationPlanRow } from "../rows/communication-plan.row";
import { planState, recordPlanEvent } from "../events/published";
import { PlanStatus } from "../schema/plan-enums";

/** One plan per period: a second createPlan for it answers CONFLICT. */
export async function createPlan(
  db: DataSource,
  context: CommandContext,
  period: { year: number; month?: number | null },
): Promise<CommunicationPlanRow> {
  const month = period.month ?? null;
  const label = month ? `${period.year}-${String(month).padStart(2, "0")}` : String(period.year);
  return db.transaction(async (tx) => {
    const inserted = (await tx.query(
      `INSERT INTO communication_plan (period_year, period_month, status) VALUES ($1, $2, 'DRAFT')
       ON CONFLICT (period_year, coalesce(period_month, 0)) DO NOTHING RETURNING id`,
      [period.year, month],
    )) as { id: string }[];
    if (inserted.length === 0)
      throw conflict(`A plan for ${label} already exists`, { field: "period" });
    const plan = await tx
      .getRepository(CommunicationPlanRow)
      .findOneByOrFail({ periodYear: period.year, periodMonth: month ?? IsNull() });
    await recordPlanEvent(tx, context, "PlanCreated", planState(plan));
    return plan;
  });
}

/** DRAFT -> PUBLISHED; publishing again answers CONFLICT. */
export async function publishPlan(
  db: DataSource,
  context: CommandContext,
  id: string,
): Promise<CommunicationPlanRow> {
  return changeLockedRow(
    db,
    CommunicationPlanRow,
    requireUuid(id, "id"),
    (plan) => {
      assertPlanPublishable(plan.status);
      plan.status = PlanStatus.PUBLISHED;
      plan.publishedAt = new Date();
    },
    (tx, saved) => recordPlanEvent(tx, context, "PlanPublished", planState(saved)),
  );
}

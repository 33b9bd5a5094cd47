import {
  assertMayWriteRecordsOf,
  badUserInput,
  monthIn,
  requireActiveEntity,
  type CommandContext,
} from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { CommunicationPlanRow } from "../rows/communication-plan.row";
import { planState, recordPlanEvent } from "../events/published";

/** ADMIN writes every item; a LIAISON only the items their own entity owns. */
export function assertMayWriteItemsOf(context: CommandContext, ownerId: string): void {
  assertMayWriteRecordsOf(
    context,
    ownerId,
    "A liaison may only write plan items owned by their own entity",
  );
}

/** The owner must be a known, active government entity (as the entities events tell it). */
export async function requireActiveOwner(
  tx: EntityManager,
  ownerId: string,
  field: string,
): Promise<void> {
  await requireActiveEntity(tx, ownerId, field, " and can get no new plan items");
}

export function assertRange(startsAt: Date, endsAt: Date, field: string): void {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) {
    throw badUserInput("startsAt and endsAt must be dates and times", field);
  }
  if (endsAt < startsAt) throw badUserInput("endsAt must not be before startsAt", field);
}

/**
 * The month plan of an instant (in the network's time zone), created as a DRAFT, with its
 * PlanCreated event, when it does not exist yet. Safe against two writers creating it at once.
 */
export async function monthPlanFor(
  tx: EntityManager,
  context: CommandContext,
  instant: Date,
  timeZone: string,
): Promise<CommunicationPlanRow> {
  const { year, month } = monthIn(instant, timeZone);
  const inserted = (await tx.query(
    `INSERT INTO communication_plan (period_year, period_month, status) VALUES ($1, $2, 'DRAFT')
     ON CONFLICT (period_year, coalesce(period_month, 0)) DO NOTHING RETURNING id`,
    [year, month],
  )) as { id: string }[];
  const plan = await tx
    .getRepository(CommunicationPlanRow)
    .findOneByOrFail({ periodYear: year, periodMonth: month });
  if (inserted.length > 0) await recordPlanEvent(tx, context, "PlanCreated", planState(plan));
  return plan;
}

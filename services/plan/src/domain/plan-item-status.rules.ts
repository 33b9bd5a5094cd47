import { conflict } from "@gcn/shared";
import { PlanItemStatus, PlanStatus } from "../schema/plan-enums";

// DONE and CANCELLED are final: a done item is the month's achievement on record.
const { PLANNED, CONFIRMED, DONE, POSTPONED, CANCELLED } = PlanItemStatus;
const ALLOWED: Record<PlanItemStatus, PlanItemStatus[]> = {
  [PLANNED]: [CONFIRMED, DONE, POSTPONED, CANCELLED],
  [CONFIRMED]: [PLANNED, DONE, POSTPONED, CANCELLED],
  [POSTPONED]: [PLANNED, CONFIRMED, CANCELLED],
  [DONE]: [],
  [CANCELLED]: [],
};

export function canMoveItem(from: PlanItemStatus, to: PlanItemStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** CONFLICT naming the current state when the move is not one of the arrows. */
export function assertItemMove(from: PlanItemStatus, to: PlanItemStatus): void {
  if (!canMoveItem(from, to)) {
    throw conflict(`The plan item is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

/** Done and cancelled items are history: their content no longer changes. */
export function assertItemEditable(status: PlanItemStatus): void {
  if (status === DONE || status === CANCELLED) {
    throw conflict(`The plan item is ${status}; it can no longer be changed`, {
      currentState: status,
    });
  }
}

export function assertPlanPublishable(status: PlanStatus): void {
  if (status !== PlanStatus.DRAFT) {
    throw conflict(`The plan is ${status}; only a DRAFT plan can be published`, {
      currentState: status,
    });
  }
}

import { conflict } from "@gcn/shared";

export type PlanItemStatusValue = "PLANNED" | "CONFIRMED" | "DONE" | "POSTPONED" | "CANCELLED";

// DONE and CANCELLED are final: a done item is the month's achievement on record.
const ALLOWED: Record<PlanItemStatusValue, PlanItemStatusValue[]> = {
  PLANNED: ["CONFIRMED", "DONE", "POSTPONED", "CANCELLED"],
  CONFIRMED: ["PLANNED", "DONE", "POSTPONED", "CANCELLED"],
  POSTPONED: ["PLANNED", "CONFIRMED", "CANCELLED"],
  DONE: [],
  CANCELLED: [],
};

export function canMoveItem(from: PlanItemStatusValue, to: PlanItemStatusValue): boolean {
  return ALLOWED[from].includes(to);
}

/** CONFLICT naming the current state when the move is not one of the arrows. */
export function assertItemMove(from: PlanItemStatusValue, to: PlanItemStatusValue): void {
  if (!canMoveItem(from, to)) {
    throw conflict(`The plan item is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

/** Done and cancelled items are history: their content no longer changes. */
export function assertItemEditable(status: PlanItemStatusValue): void {
  if (status === "DONE" || status === "CANCELLED") {
    throw conflict(`The plan item is ${status}; it can no longer be changed`, {
      currentState: status,
    });
  }
}

export type PlanStatusValue = "DRAFT" | "PUBLISHED";

export function assertPlanPublishable(status: PlanStatusValue): void {
  if (status !== "DRAFT") {
    throw conflict(`The plan is ${status}; only a DRAFT plan can be published`, {
      currentState: status,
    });
  }
}

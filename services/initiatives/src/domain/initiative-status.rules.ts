import { conflict } from "@gcn/shared";

import type { InitiativeStatus, SessionStatus } from "../schema/initiative-enums";

const INITIATIVE_ARROWS: Record<InitiativeStatus, InitiativeStatus[]> = {
  PROPOSED: ["ACTIVE"],
  ACTIVE: ["PAUSED", "CONCLUDED"],
  PAUSED: ["ACTIVE", "CONCLUDED"],
  CONCLUDED: [],
};

const SESSION_ARROWS: Record<SessionStatus, SessionStatus[]> = {
  SCHEDULED: ["HELD", "CANCELLED"],
  HELD: ["PUBLISHED"],
  PUBLISHED: [],
  CANCELLED: [],
};

export function canMoveInitiative(from: InitiativeStatus, to: InitiativeStatus): boolean {
  return INITIATIVE_ARROWS[from].includes(to);
}

export function canMoveSession(from: SessionStatus, to: SessionStatus): boolean {
  return SESSION_ARROWS[from].includes(to);
}

/** CONFLICT naming the current state for a move outside the arrows. */
export function assertInitiativeMove(from: InitiativeStatus, to: InitiativeStatus): void {
  if (!canMoveInitiative(from, to)) {
    throw conflict(`The initiative is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

export function assertSessionMove(from: SessionStatus, to: SessionStatus): void {
  if (!canMoveSession(from, to)) {
    throw conflict(`The session is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

/** Sessions are scheduled only in an ACTIVE initiative. */
export function assertAcceptsSessions(status: InitiativeStatus): void {
  if (status !== "ACTIVE") {
    throw conflict(
      `The initiative is ${status}; sessions can be scheduled only while it is ACTIVE`,
      {
        currentState: status,
      },
    );
  }
}

/** Only a session still to be held can move in time. */
export function assertReschedulable(status: SessionStatus): void {
  if (status !== "SCHEDULED") {
    throw conflict(`The session is ${status}; only a SCHEDULED session can be rescheduled`, {
      currentState: status,
    });
  }
}

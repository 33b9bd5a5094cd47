import { conflict } from "@gcn/shared";

export type InitiativeStatusValue = "PROPOSED" | "ACTIVE" | "PAUSED" | "CONCLUDED";
export type SessionStatusValue = "SCHEDULED" | "HELD" | "PUBLISHED" | "CANCELLED";

const INITIATIVE_ARROWS: Record<InitiativeStatusValue, InitiativeStatusValue[]> = {
  PROPOSED: ["ACTIVE"],
  ACTIVE: ["PAUSED", "CONCLUDED"],
  PAUSED: ["ACTIVE", "CONCLUDED"],
  CONCLUDED: [],
};

const SESSION_ARROWS: Record<SessionStatusValue, SessionStatusValue[]> = {
  SCHEDULED: ["HELD", "CANCELLED"],
  HELD: ["PUBLISHED"],
  PUBLISHED: [],
  CANCELLED: [],
};

export function canMoveInitiative(from: InitiativeStatusValue, to: InitiativeStatusValue): boolean {
  return INITIATIVE_ARROWS[from].includes(to);
}

export function canMoveSession(from: SessionStatusValue, to: SessionStatusValue): boolean {
  return SESSION_ARROWS[from].includes(to);
}

/** CONFLICT naming the current state for a move outside the arrows. */
export function assertInitiativeMove(from: InitiativeStatusValue, to: InitiativeStatusValue): void {
  if (!canMoveInitiative(from, to)) {
    throw conflict(`The initiative is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

export function assertSessionMove(from: SessionStatusValue, to: SessionStatusValue): void {
  if (!canMoveSession(from, to)) {
    throw conflict(`The session is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

/** Sessions are scheduled only in an ACTIVE initiative. */
export function assertAcceptsSessions(status: InitiativeStatusValue): void {
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
export function assertReschedulable(status: SessionStatusValue): void {
  if (status !== "SCHEDULED") {
    throw conflict(`The session is ${status}; only a SCHEDULED session can be rescheduled`, {
      currentState: status,
    });
  }
}

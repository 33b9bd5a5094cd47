import { conflict } from "@gcn/shared";

import type { MeetingStatus } from "../schema/entity-enums";

const ALLOWED: Record<MeetingStatus, MeetingStatus[]> = {
  SCHEDULED: ["HELD", "CANCELLED"],
  HELD: [],
  CANCELLED: [],
};

/** A meeting moves SCHEDULED -> HELD or SCHEDULED -> CANCELLED, and nowhere else. */
export function canMoveMeeting(from: MeetingStatus, to: MeetingStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws CONFLICT naming the current state when the move is not allowed. */
export function assertMeetingMove(from: MeetingStatus, to: MeetingStatus): void {
  if (!canMoveMeeting(from, to)) {
    throw conflict(`The meeting is ${from}; it cannot become ${to}`, { currentState: from });
  }
}

/** Agenda items can be added only while the meeting is still to be held. */
export function assertAgendaEditable(status: MeetingStatus): void {
  if (status !== "SCHEDULED") {
    throw conflict(`The meeting is ${status}; its agenda can no longer change`, {
      currentState: status,
    });
  }
}

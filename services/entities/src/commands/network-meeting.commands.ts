import { badUserInput, changeLockedRow, type CommandContext, requireUuid } from "@gcn/shared";
import { In, type DataSource, type EntityManager } from "typeorm";
import { assertAgendaEditable, assertMeetingMove } from "../domain/meeting-status.rules";
import type { MeetingStatus } from "../schema/entity-enums";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { LiaisonRow } from "../rows/liaison.row";
import { NetworkMeetingRow } from "../rows/network-meeting.row";
import { meetingState, recordEntitiesEvent, type EntitiesEventName } from "../events/published";
import type { AgendaItemInput, ScheduleMeetingInput } from "../schema/meeting.inputs";

export async function scheduleMeeting(
  db: DataSource,
  context: CommandContext,
  input: ScheduleMeetingInput,
): Promise<NetworkMeetingRow> {
  if (Number.isNaN(input.scheduledAt.getTime())) {
    throw badUserInput("scheduledAt must be a date and time", "input.scheduledAt");
  }
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(NetworkMeetingRow);
    const saved = await repo.save(
      repo.create({
        title: input.title,
        scheduledAt: input.scheduledAt,
        venue: input.venue ?? null,
        periodYear: input.period.year,
        periodMonth: input.period.month ?? null,
        status: "SCHEDULED",
        agenda: [],
        attendeeIds: [],
        decisions: [],
      }),
    );
    await recordEntitiesEvent(tx, context, "MeetingScheduled", meetingState(saved));
    return saved;
  });
}

export async function addAgendaItem(
  db: DataSource,
  context: CommandContext,
  meetingId: string,
  input: AgendaItemInput,
): Promise<NetworkMeetingRow> {
  return changeLockedRow(
    db,
    NetworkMeetingRow,
    requireUuid(meetingId, "meetingId"),
    async (row, tx) => {
      assertAgendaEditable(row.status);
      const presenterId = input.presenterId?.toLowerCase() ?? null;
      const entityId = input.entityId?.toLowerCase() ?? null;
      if (presenterId && !(await tx.getRepository(LiaisonRow).existsBy({ id: presenterId }))) {
        throw badUserInput("presenterId names no known liaison", "input.presenterId");
      }
      if (entityId && !(await tx.getRepository(GovernmentEntityRow).existsBy({ id: entityId }))) {
        throw badUserInput("entityId names no known government entity", "input.entityId");
      }
      row.agenda = [
        ...row.agenda,
        { position: row.agenda.length + 1, title: input.title, presenterId, entityId },
      ];
    },
    (tx, saved) => recordEntitiesEvent(tx, context, "MeetingAgendaItemAdded", meetingState(saved)),
  );
}

async function moveMeeting(
  db: DataSource,
  context: CommandContext,
  meetingId: string,
  to: MeetingStatus,
  event: EntitiesEventName & ("MeetingHeld" | "MeetingCancelled"),
  change: (row: NetworkMeetingRow, tx: EntityManager) => Promise<void> = async () => undefined,
): Promise<NetworkMeetingRow> {
  return changeLockedRow(
    db,
    NetworkMeetingRow,
    requireUuid(meetingId, "meetingId"),
    async (row, tx) => {
      assertMeetingMove(row.status, to);
      await change(row, tx);
      row.status = to;
    },
    (tx, saved) => recordEntitiesEvent(tx, context, event, meetingState(saved)),
  );
}

export function recordMeetingOutcome(
  db: DataSource,
  context: CommandContext,
  meetingId: string,
  attendeeIds: string[],
  decisions: string[],
): Promise<NetworkMeetingRow> {
  const ids = [
    ...new Set(attendeeIds.map((value, index) => requireUuid(value, `attendeeIds.${index}`))),
  ];
  decisions.forEach((decision, index) => {
    if (decision.trim().length < 2 || decision.length > 1000) {
      throw badUserInput("each decision must be 2 to 1000 characters", `decisions.${index}`);
    }
  });
  return moveMeeting(db, context, meetingId, "HELD", "MeetingHeld", async (row, tx) => {
    const found = await tx.getRepository(LiaisonRow).countBy({ id: In(ids) });
    if (found !== ids.length)
      throw badUserInput("attendeeIds names an unknown liaison", "attendeeIds");
    row.attendeeIds = ids;
    row.decisions = decisions;
  });
}

export function cancelMeeting(
  db: DataSource,
  context: CommandContext,
  meetingId: string,
): Promise<NetworkMeetingRow> {
  return moveMeeting(db, context, meetingId, "CANCELLED", "MeetingCancelled");
}

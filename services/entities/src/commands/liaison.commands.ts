import {
  badUserInput,
  changeLockedRow,
  type CommandContext,
  conflict,
  lockRowForUpdate,
  requireUuid,
} from "@gcn/shared";
import type { DataSource } from "typeorm";
import { appointmentDayProblem, todayIn } from "../domain/calendar-day.rules";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { LiaisonRow } from "../rows/liaison.row";
import { recordEntitiesEvent } from "../events/published";
import type { AppointLiaisonInput, UpdateLiaisonInput } from "../schema/entity.inputs";

export async function appointLiaison(
  db: DataSource,
  context: CommandContext,
  input: AppointLiaisonInput,
  timeZone: string,
): Promise<LiaisonRow> {
  const today = todayIn(timeZone);
  const appointedOn = input.appointedOn ?? today;
  const dayProblem = appointmentDayProblem(appointedOn, today);
  if (dayProblem) throw badUserInput(dayProblem, "input.appointedOn");
  return db.transaction(async (tx) => {
    const entityId = input.entityId.toLowerCase();
    const entity = await tx.getRepository(GovernmentEntityRow).findOneBy({ id: entityId });
    if (!entity) throw badUserInput("entityId names no known government entity", "input.entityId");
    if (!entity.active) {
      throw badUserInput(
        `Entity ${entity.code} is inactive and can get no new liaisons`,
        "input.entityId",
      );
    }
    const repo = tx.getRepository(LiaisonRow);
    const saved = await repo.save(
      repo.create({
        entityId,
        fullNameAr: input.fullNameAr,
        fullNameEn: input.fullNameEn ?? null,
        jobTitle: input.jobTitle ?? null,
        role: input.role,
        email: input.email ?? null,
        phone: input.phone ?? null,
        active: true,
        appointedOn,
        endedOn: null,
      }),
    );
    await recordEntitiesEvent(tx, context, "LiaisonAppointed", saved);
    return saved;
  });
}

export function updateLiaison(
  db: DataSource,
  context: CommandContext,
  id: string,
  input: UpdateLiaisonInput,
): Promise<LiaisonRow> {
  return changeLockedRow(
    db,
    LiaisonRow,
    requireUuid(id, "id"),
    (row) => {
      if (input.fullNameAr != null) row.fullNameAr = input.fullNameAr;
      if (input.fullNameEn !== undefined) row.fullNameEn = input.fullNameEn;
      if (input.jobTitle !== undefined) row.jobTitle = input.jobTitle;
      if (input.role != null) row.role = input.role;
      if (input.email !== undefined) row.email = input.email;
      if (input.phone !== undefined) row.phone = input.phone;
    },
    (tx, saved) => recordEntitiesEvent(tx, context, "LiaisonUpdated", saved),
  );
}

export async function endLiaisonAppointment(
  db: DataSource,
  context: CommandContext,
  id: string,
  endedOn: string | null | undefined,
  timeZone: string,
): Promise<LiaisonRow> {
  const liaisonId = requireUuid(id, "id");
  return db.transaction(async (tx) => {
    const row = await lockRowForUpdate(tx, LiaisonRow, "Liaison", liaisonId);
    if (!row.active) {
      throw conflict(`The appointment already ended on ${row.endedOn}`, { currentState: "ENDED" });
    }
    const today = todayIn(timeZone);
    const day = endedOn ?? today;
    // An appointment that has not started yet may be called off: it ends (from today on) before
    // the day it was to begin. A started one ends on or after the day it began.
    const notStarted = row.appointedOn > today;
    if (notStarted ? day < today : day < row.appointedOn) {
      throw badUserInput(
        notStarted
          ? `The appointment starts on ${row.appointedOn}; it can be called off from today (${today})`
          : `endedOn must not be before appointedOn (${row.appointedOn})`,
        "endedOn",
      );
    }
    row.active = false;
    row.endedOn = day;
    const saved = await tx.getRepository(LiaisonRow).save(row);
    await recordEntitiesEvent(tx, context, "LiaisonAppointmentEnded", saved);
    return saved;
  });
}

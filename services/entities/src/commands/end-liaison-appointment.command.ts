import {
  badUserInput,
  conflict,
  lockRowForUpdate,
  requireUuid,
  type CommandContext,
} from "@gcn/shared";
import type { DataSource } from "typeorm";
import { todayIn } from "../domain/calendar-day.rules";
import { LiaisonRow } from "../rows/liaison.row";
import { recordEntitiesEvent } from "../events/published";

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

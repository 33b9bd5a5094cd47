import {
  badUserInput,
  conflict,
  lockRowForUpdate,
  requireUuid,
  type CommandContext,
} from "@gcn/shared";
import type { DataSource } from "typeorm";
import { todayIn } from "../domain/calendar-day.rules";
import { LiaisonRow } from "../entities/liaison.entity";
import { liaisonSnapshot, recordEntitiesEvent } from "../events/published";

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
    const day = endedOn ?? todayIn(timeZone);
    if (day < row.appointedOn) {
      throw badUserInput(`endedOn must not be before appointedOn (${row.appointedOn})`, "endedOn");
    }
    row.active = false;
    row.endedOn = day;
    const saved = await tx.getRepository(LiaisonRow).save(row);
    await recordEntitiesEvent(tx, context, "LiaisonAppointmentEnded", liaisonSnapshot(saved));
    return saved;
  });
}

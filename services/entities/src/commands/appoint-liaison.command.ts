import { badUserInput, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { appointmentDayProblem, todayIn } from "../domain/calendar-day.rules";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { LiaisonRow } from "../rows/liaison.row";
import { recordEntitiesEvent } from "../events/published";
import type { AppointLiaisonInput } from "../schema/entity.inputs";

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

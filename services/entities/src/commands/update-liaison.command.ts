import { lockRowForUpdate, requireUuid, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { LiaisonRow } from "../rows/liaison.row";
import { liaisonSnapshot, recordEntitiesEvent } from "../events/published";
import type { UpdateLiaisonInput } from "../schema/entity.inputs";

export async function updateLiaison(
  db: DataSource,
  context: CommandContext,
  id: string,
  input: UpdateLiaisonInput,
): Promise<LiaisonRow> {
  const liaisonId = requireUuid(id, "id");
  return db.transaction(async (tx) => {
    const row = await lockRowForUpdate(tx, LiaisonRow, "Liaison", liaisonId);
    if (input.fullNameAr != null) row.fullNameAr = input.fullNameAr;
    if (input.fullNameEn !== undefined) row.fullNameEn = input.fullNameEn;
    if (input.jobTitle !== undefined) row.jobTitle = input.jobTitle;
    if (input.role != null) row.role = input.role;
    if (input.email !== undefined) row.email = input.email;
    if (input.phone !== undefined) row.phone = input.phone;
    const saved = await tx.getRepository(LiaisonRow).save(row);
    await recordEntitiesEvent(tx, context, "LiaisonUpdated", liaisonSnapshot(saved));
    return saved;
  });
}

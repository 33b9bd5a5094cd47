import { changeLockedRow, requireUuid, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { LiaisonRow } from "../rows/liaison.row";
import { recordEntitiesEvent } from "../events/published";
import type { UpdateLiaisonInput } from "../schema/entity.inputs";

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

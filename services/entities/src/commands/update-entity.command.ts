import { badUserInput, lockRowForUpdate, requireUuid, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { wouldCreateCycle } from "../domain/entity-hierarchy.rules";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { recordEntitiesEvent } from "../events/published";
import type { UpdateEntityInput } from "../schema/entity.inputs";
import { requireKnownParent, searchTextOf } from "./entity-row.helpers";

export async function updateEntity(
  db: DataSource,
  context: CommandContext,
  id: string,
  input: UpdateEntityInput,
): Promise<GovernmentEntityRow> {
  const entityId = requireUuid(id, "id");
  return db.transaction(async (tx) => {
    const row = await lockRowForUpdate(tx, GovernmentEntityRow, "Government entity", entityId);
    if (input.parentId !== undefined && input.parentId !== null) {
      const parentId = input.parentId.toLowerCase();
      await requireKnownParent(tx, parentId, "input.parentId");
      const links = await tx
        .getRepository(GovernmentEntityRow)
        .find({ select: { id: true, parentId: true } });
      const parentOf = new Map(links.map((link) => [link.id, link.parentId]));
      if (wouldCreateCycle(entityId, parentId, parentOf)) {
        throw badUserInput("parentId would place the entity under itself", "input.parentId");
      }
      row.parentId = parentId;
    }
    if (input.nameAr != null) row.nameAr = input.nameAr;
    if (input.nameEn !== undefined) row.nameEn = input.nameEn;
    if (input.kind != null) row.kind = input.kind;
    if (input.website !== undefined) row.website = input.website;
    if (input.socialAccounts != null) {
      row.socialAccounts = input.socialAccounts.map((a) => ({
        platform: a.platform,
        handle: a.handle,
        url: a.url ?? null,
      }));
    }
    row.searchText = searchTextOf(row);
    // The row is already loaded and locked: one UPDATE, without the reload save() would do.
    const result = await tx
      .createQueryBuilder()
      .update(GovernmentEntityRow)
      .set({
        parentId: row.parentId,
        nameAr: row.nameAr,
        nameEn: row.nameEn,
        kind: row.kind,
        website: row.website,
        socialAccounts: row.socialAccounts,
        searchText: row.searchText,
      })
      .where("id = :id", { id: entityId })
      .returning("updated_at")
      .execute();
    row.updatedAt = (result.raw as { updated_at: Date }[])[0]!.updated_at;
    await recordEntitiesEvent(tx, context, "EntityUpdated", row);
    return row;
  });
}

import {
  badUserInput,
  changeLockedRow,
  type CommandContext,
  conflict,
  isUniqueViolation,
  lockRowForUpdate,
  requireUuid,
} from "@gcn/shared";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { recordEntitiesEvent } from "../events/published";
import type { RegisterEntityInput, UpdateEntityInput } from "../schema/entity.inputs";
import { requireKnownParent, searchTextOf } from "./entity-row.helpers";
import { wouldCreateCycle } from "../domain/entity-hierarchy.rules";

export async function registerEntity(
  db: DataSource,
  context: CommandContext,
  input: RegisterEntityInput,
): Promise<GovernmentEntityRow> {
  const taken = () =>
    conflict(`A government entity with code ${input.code} already exists`, { field: "input.code" });
  try {
    return await db.transaction(async (tx) => {
      const repo = tx.getRepository(GovernmentEntityRow);
      if (await repo.existsBy({ code: input.code })) throw taken();
      if (input.parentId)
        await requireKnownParent(tx, input.parentId.toLowerCase(), "input.parentId");
      const row = repo.create({
        code: input.code,
        nameAr: input.nameAr,
        nameEn: input.nameEn ?? null,
        kind: input.kind,
        parentId: input.parentId?.toLowerCase() ?? null,
        website: input.website ?? null,
        socialAccounts: (input.socialAccounts ?? []).map((a) => ({
          platform: a.platform,
          handle: a.handle,
          url: a.url ?? null,
        })),
        active: true,
      });
      row.searchText = searchTextOf(row);
      const saved = await repo.save(row);
      await recordEntitiesEvent(tx, context, "EntityRegistered", saved);
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

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

/** Deactivated entities stay for history but can get no new liaisons, items or sessions. */
export function deactivateEntity(
  db: DataSource,
  context: CommandContext,
  id: string,
): Promise<GovernmentEntityRow> {
  return changeLockedRow(
    db,
    GovernmentEntityRow,
    requireUuid(id, "id"),
    (row) => {
      if (!row.active)
        throw conflict(`Entity ${row.code} is already inactive`, { currentState: "INACTIVE" });
      row.active = false;
    },
    (tx, saved) => recordEntitiesEvent(tx, context, "EntityDeactivated", saved),
  );
}

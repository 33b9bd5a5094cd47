import { conflict, isUniqueViolation, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { recordEntitiesEvent } from "../events/published";
import type { RegisterEntityInput } from "../schema/entity.inputs";
import { requireKnownParent, searchTextOf } from "./entity-row.helpers";

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

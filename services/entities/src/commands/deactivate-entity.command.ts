import { conflict, lockRowForUpdate, requireUuid, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { entitySnapshot, recordEntitiesEvent } from "../events/published";

/** Deactivated entities stay for history but can get no new liaisons, items or sessions. */
export async function deactivateEntity(
  db: DataSource,
  context: CommandContext,
  id: string,
): Promise<GovernmentEntityRow> {
  const entityId = requireUuid(id, "id");
  return db.transaction(async (tx) => {
    const row = await lockRowForUpdate(tx, GovernmentEntityRow, "Government entity", entityId);
    if (!row.active)
      throw conflict(`Entity ${row.code} is already inactive`, { currentState: "INACTIVE" });
    row.active = false;
    const saved = await tx.getRepository(GovernmentEntityRow).save(row);
    await recordEntitiesEvent(tx, context, "EntityDeactivated", entitySnapshot(saved));
    return saved;
  });
}

import { changeLockedRow, conflict, requireUuid, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { recordEntitiesEvent } from "../events/published";

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

import type { EventEnvelope, EventHandler } from "@gcn/shared";
import type { EntityManager } from "typeorm";

interface EntityData {
  id: string;
  code: string;
  active: boolean;
}

/**
 * Keeps `entity_ref` in step with gcn.entities.v1. The inbox already drops duplicates; the
 * sequence check also makes an older event that arrives after a newer one change nothing.
 */
export const applyEntityEvent: EventHandler = async (tx: EntityManager, event: EventEnvelope) => {
  const data = event.data as Partial<EntityData>;
  if (
    typeof data.id !== "string" ||
    typeof data.code !== "string" ||
    typeof data.active !== "boolean"
  ) {
    throw new Error(`${event.type} ${event.id} carries no entity id, code and active flag`);
  }
  await tx.query(
    `INSERT INTO entity_ref (id, code, active, last_sequence) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, active = EXCLUDED.active, last_sequence = EXCLUDED.last_sequence
     WHERE entity_ref.last_sequence < EXCLUDED.last_sequence`,
    [data.id, data.code, data.active, event.sequence],
  );
};

export const ENTITY_EVENT_TYPES = [
  "gcn.entities.EntityRegistered.v1",
  "gcn.entities.EntityUpdated.v1",
  "gcn.entities.EntityDeactivated.v1",
];

import { handleEvents, LIAISON_CHANGES, sequenceOf, type EventHandler } from "@gcn/shared";

/** Keeps `liaison_ref` (id, entity, active) in step with the liaison events of gcn.entities.v1. */
export function liaisonRefHandlers(): Record<string, EventHandler> {
  return handleEvents(LIAISON_CHANGES, async (tx, liaison, event) => {
    await tx.query(
      `INSERT INTO liaison_ref (id, entity_id, active, last_sequence) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET entity_id = EXCLUDED.entity_id, active = EXCLUDED.active, last_sequence = EXCLUDED.last_sequence
       WHERE liaison_ref.last_sequence < EXCLUDED.last_sequence`,
      [liaison.id, liaison.entityId, liaison.active, sequenceOf(event)],
    );
  });
}

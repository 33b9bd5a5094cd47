import type { EntityManager } from "typeorm";
import { handleEvents } from "../events/catalogue/catalogued-event";
import { ENTITY_CHANGES, type EntityEventData } from "../events/catalogue/entities.events";
import type { EventHandler } from "../events/event-consumer";
import { sequenceOf, type EventEnvelope } from "../events/event-envelope";

/**
 * Keeps the `entity_ref` projection (see entity-ref.migration.ts) in step with the entity events
 * of gcn.entities.v1. The inbox already drops duplicates; the sequence check also makes an older
 * event that arrives after a newer one change nothing.
 */
export async function applyEntityRef(
  tx: EntityManager,
  entity: EntityEventData,
  event: EventEnvelope,
): Promise<void> {
  await tx.query(
    `INSERT INTO entity_ref (id, code, active, last_sequence) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, active = EXCLUDED.active, last_sequence = EXCLUDED.last_sequence
     WHERE entity_ref.last_sequence < EXCLUDED.last_sequence`,
    [entity.id, entity.code, entity.active, sequenceOf(event)],
  );
}

/** Consumer handlers for the entity_ref projection, by event type. */
export function entityRefHandlers(): Record<string, EventHandler> {
  return handleEvents(ENTITY_CHANGES, applyEntityRef);
}

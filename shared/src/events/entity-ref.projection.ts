import type { EntityManager } from "typeorm";
import { PermanentEventError } from "./dead-letters";
import type { EventHandler } from "./event-consumer";
import { sequenceOf, type EventEnvelope } from "./event-envelope";

interface EntityData {
  id: string;
  code: string;
  active: boolean;
}

/**
 * The projection of government entities that services keep from gcn.entities.v1, in a table
 * each creates in its own migration: `entity_ref(id uuid primary key, code text, active boolean,
 * last_sequence int)`. Keeps `entity_ref` in step with the events. The inbox already drops duplicates; the
 * sequence check also makes an older event that arrives after a newer one change nothing.
 */
export const applyEntityRefEvent: EventHandler = async (
  tx: EntityManager,
  event: EventEnvelope,
) => {
  const data = event.data as Partial<EntityData>;
  if (
    typeof data.id !== "string" ||
    typeof data.code !== "string" ||
    typeof data.active !== "boolean"
  ) {
    throw new PermanentEventError(
      `${event.type} ${event.id} carries no entity id, code and active flag`,
    );
  }
  await tx.query(
    `INSERT INTO entity_ref (id, code, active, last_sequence) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, active = EXCLUDED.active, last_sequence = EXCLUDED.last_sequence
     WHERE entity_ref.last_sequence < EXCLUDED.last_sequence`,
    [data.id, data.code, data.active, sequenceOf(event)],
  );
};

/** The entities events that change an entity_ref row. */
export const ENTITY_EVENT_TYPES = [
  "gcn.entities.EntityRegistered.v1",
  "gcn.entities.EntityUpdated.v1",
  "gcn.entities.EntityDeactivated.v1",
];

/** Consumer handlers for the entity_ref projection, by event type. */
export function entityRefHandlers(): Record<string, EventHandler> {
  return Object.fromEntries(ENTITY_EVENT_TYPES.map((type) => [type, applyEntityRefEvent]));
}

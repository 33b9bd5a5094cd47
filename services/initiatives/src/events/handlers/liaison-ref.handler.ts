import {
  PermanentEventError,
  sequenceOf,
  type EventEnvelope,
  type EventHandler,
} from "@gcn/shared";
import type { EntityManager } from "typeorm";

/** Keeps `liaison_ref` (id, entity, active) in step with the liaison events of gcn.entities.v1. */
export const applyLiaisonEvent: EventHandler = async (tx: EntityManager, event: EventEnvelope) => {
  const data = event.data as { id?: unknown; entityId?: unknown; active?: unknown };
  if (
    typeof data.id !== "string" ||
    typeof data.entityId !== "string" ||
    typeof data.active !== "boolean"
  ) {
    throw new PermanentEventError(
      `${event.type} ${event.id} carries no liaison id, entity id and active flag`,
    );
  }
  await tx.query(
    `INSERT INTO liaison_ref (id, entity_id, active, last_sequence) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET entity_id = EXCLUDED.entity_id, active = EXCLUDED.active, last_sequence = EXCLUDED.last_sequence
     WHERE liaison_ref.last_sequence < EXCLUDED.last_sequence`,
    [data.id, data.entityId, data.active, sequenceOf(event)],
  );
};

export const LIAISON_EVENT_TYPES = [
  "gcn.entities.LiaisonAppointed.v1",
  "gcn.entities.LiaisonUpdated.v1",
  "gcn.entities.LiaisonAppointmentEnded.v1",
];

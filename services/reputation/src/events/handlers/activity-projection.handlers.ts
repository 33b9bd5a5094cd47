import {
  monthIn,
  PermanentEventError,
  sequenceOf,
  type EventEnvelope,
  type EventHandler,
} from "@gcn/shared";
import type { EntityManager } from "typeorm";

// The reputation service's view of the other services: which platforms an entity has accounts
// on (INACTIVE_PLATFORM), plan items DONE and sessions HELD per entity and month
// (NO_COMMUNICATION_ACTIVITY). Every event carries its aggregate's whole state, so each row
// takes the newest event's state; an older event arriving late changes nothing.

function fail(event: EventEnvelope, what: string): never {
  throw new PermanentEventError(`${event.type} ${event.id} carries no ${what}`);
}

export const applyEntityProfileEvent: EventHandler = async (
  tx: EntityManager,
  event: EventEnvelope,
) => {
  const data = event.data as {
    id?: unknown;
    code?: unknown;
    active?: unknown;
    socialAccounts?: { platform?: unknown }[];
  };
  if (
    typeof data.id !== "string" ||
    typeof data.code !== "string" ||
    typeof data.active !== "boolean"
  ) {
    fail(event, "entity id, code and active flag");
  }
  const platforms = (Array.isArray(data.socialAccounts) ? data.socialAccounts : [])
    .map((account) => account.platform)
    .filter((platform): platform is string => typeof platform === "string");
  await tx.query(
    `INSERT INTO entity_profile (id, code, active, account_platforms, last_sequence) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, active = EXCLUDED.active,
       account_platforms = EXCLUDED.account_platforms, last_sequence = EXCLUDED.last_sequence
     WHERE entity_profile.last_sequence < EXCLUDED.last_sequence`,
    [data.id, data.code, data.active, [...new Set(platforms)], sequenceOf(event)],
  );
};

export function planActivityHandler(timeZone: string): EventHandler {
  return async (tx, event) => {
    const data = event.data as {
      id?: unknown;
      ownerId?: unknown;
      startsAt?: unknown;
      status?: unknown;
    };
    if (
      typeof data.id !== "string" ||
      typeof data.ownerId !== "string" ||
      typeof data.startsAt !== "string" ||
      typeof data.status !== "string"
    ) {
      fail(event, "plan item id, owner, start and status");
    }
    const { year, month } = monthIn(new Date(data.startsAt), timeZone);
    await tx.query(
      `INSERT INTO plan_activity (item_id, owner_id, year, month, done, last_sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (item_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, year = EXCLUDED.year, month = EXCLUDED.month,
         done = EXCLUDED.done, last_sequence = EXCLUDED.last_sequence
       WHERE plan_activity.last_sequence < EXCLUDED.last_sequence`,
      [data.id, data.ownerId, year, month, data.status === "DONE", sequenceOf(event)],
    );
  };
}

export function sessionActivityHandler(timeZone: string): EventHandler {
  return async (tx, event) => {
    const data = event.data as {
      id?: unknown;
      hostEntityId?: unknown;
      heldAt?: unknown;
      status?: unknown;
    };
    if (
      typeof data.id !== "string" ||
      typeof data.hostEntityId !== "string" ||
      typeof data.status !== "string"
    ) {
      fail(event, "session id, host and status");
    }
    const held = data.status === "HELD" || data.status === "PUBLISHED";
    const when = typeof data.heldAt === "string" ? monthIn(new Date(data.heldAt), timeZone) : null;
    await tx.query(
      `INSERT INTO session_activity (session_id, host_entity_id, year, month, held, last_sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO UPDATE SET host_entity_id = EXCLUDED.host_entity_id, year = EXCLUDED.year,
         month = EXCLUDED.month, held = EXCLUDED.held, last_sequence = EXCLUDED.last_sequence
       WHERE session_activity.last_sequence < EXCLUDED.last_sequence`,
      [
        data.id,
        data.hostEntityId,
        when?.year ?? null,
        when?.month ?? null,
        held && when !== null,
        sequenceOf(event),
      ],
    );
  };
}

export const ENTITY_PROFILE_EVENTS = [
  "gcn.entities.EntityRegistered.v1",
  "gcn.entities.EntityUpdated.v1",
  "gcn.entities.EntityDeactivated.v1",
];
export const PLAN_ITEM_EVENTS = [
  "gcn.plan.PlanItemScheduled.v1",
  "gcn.plan.PlanItemUpdated.v1",
  "gcn.plan.PlanItemStatusChanged.v1",
];
export const SESSION_EVENTS = [
  "gcn.initiatives.SessionScheduled.v1",
  "gcn.initiatives.SessionRescheduled.v1",
  "gcn.initiatives.SessionHeld.v1",
  "gcn.initiatives.SessionPublished.v1",
  "gcn.initiatives.SessionCancelled.v1",
];

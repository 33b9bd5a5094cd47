import {
  ENTITY_CHANGES,
  handleEvents,
  monthIn,
  PLAN_ITEM_CHANGES,
  sequenceOf,
  SESSION_CHANGES,
  type EventHandler,
} from "@gcn/shared";

// The reputation service's view of the other services: which platforms an entity has accounts
// on (INACTIVE_PLATFORM), plan items DONE and sessions HELD per entity and month
// (NO_COMMUNICATION_ACTIVITY). Every event carries its aggregate's whole state, so each row
// takes the newest event's state; an older event arriving late changes nothing.

/** entity_profile: each entity's code, active flag and the platforms it has accounts on. */
export function entityProfileHandlers(): Record<string, EventHandler> {
  return handleEvents(ENTITY_CHANGES, async (tx, entity, event) => {
    const platforms = entity.socialAccounts.map((account) => account.platform);
    await tx.query(
      `INSERT INTO entity_profile (id, code, active, account_platforms, last_sequence) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, active = EXCLUDED.active,
         account_platforms = EXCLUDED.account_platforms, last_sequence = EXCLUDED.last_sequence
       WHERE entity_profile.last_sequence < EXCLUDED.last_sequence`,
      [entity.id, entity.code, entity.active, [...new Set(platforms)], sequenceOf(event)],
    );
  });
}

/** plan_activity: whether each plan item is DONE, by owner and month. */
export function planActivityHandlers(timeZone: string): Record<string, EventHandler> {
  return handleEvents(PLAN_ITEM_CHANGES, async (tx, item, event) => {
    const { year, month } = monthIn(new Date(item.startsAt), timeZone);
    await tx.query(
      `INSERT INTO plan_activity (item_id, owner_id, year, month, done, last_sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (item_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, year = EXCLUDED.year, month = EXCLUDED.month,
         done = EXCLUDED.done, last_sequence = EXCLUDED.last_sequence
       WHERE plan_activity.last_sequence < EXCLUDED.last_sequence`,
      [item.id, item.ownerId, year, month, item.status === "DONE", sequenceOf(event)],
    );
  });
}

/** session_activity: whether each session was held, by host and month. */
export function sessionActivityHandlers(timeZone: string): Record<string, EventHandler> {
  return handleEvents(SESSION_CHANGES, async (tx, session, event) => {
    const held = session.status === "HELD" || session.status === "PUBLISHED";
    const when = session.heldAt ? monthIn(new Date(session.heldAt), timeZone) : null;
    await tx.query(
      `INSERT INTO session_activity (session_id, host_entity_id, year, month, held, last_sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO UPDATE SET host_entity_id = EXCLUDED.host_entity_id, year = EXCLUDED.year,
         month = EXCLUDED.month, held = EXCLUDED.held, last_sequence = EXCLUDED.last_sequence
       WHERE session_activity.last_sequence < EXCLUDED.last_sequence`,
      [
        session.id,
        session.hostEntityId,
        when?.year ?? null,
        when?.month ?? null,
        held && when !== null,
        sequenceOf(event),
      ],
    );
  });
}

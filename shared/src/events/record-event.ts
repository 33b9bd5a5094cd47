import { faultBeforeCommit } from "../config/fault-points";
import type { EntityManager } from "typeorm";
import { eventMetadata, type CommandContext } from "../subgraph/request-context";
import {
  stateOf,
  type AggregateState,
  type CataloguedEvent,
  type EventData,
  type EventFamily,
  type StateSource,
} from "./catalogue/catalogued-event";
import { createEnvelope, SEQUENCE_DIGITS } from "./event-envelope";

/** The notification channel the relay listens on; NOTIFY is delivered on commit. */
export const OUTBOX_CHANNEL = "gcn_outbox";

/** Request metadata every event carries (the request id becomes the correlation id). */
export interface EventMetadata {
  correlationId: string;
  actor: string;
  /** W3C traceparent of the request's span, when it is traced. */
  traceparent?: string;
}

/**
 * Writes an event to the outbox inside the caller's transaction, so the domain change and its
 * event commit or roll back together. The per-aggregate sequence is taken under an advisory
 * transaction lock, so concurrent writers to one aggregate get 1, 2, 3... without gaps.
 */
export async function recordEvent<D extends AggregateState>(
  tx: EntityManager,
  event: CataloguedEvent<D>,
  data: D,
  meta: EventMetadata,
): Promise<string> {
  if (!tx.queryRunner?.isTransactionActive) {
    throw new Error("recordEvent must run inside a transaction");
  }
  const key = `${event.aggregate}:${data.id}`;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
  const envelope = createEnvelope({
    source: event.source,
    type: event.type,
    subject: data.id,
    // Set by the INSERT below, under the lock: the aggregate's next sequence.
    sequence: 0,
    correlationId: meta.correlationId,
    actor: meta.actor,
    traceparent: meta.traceparent,
    data,
  });
  // One round trip for the sequence, the row and the relay's wake-up (NOTIFY is delivered at
  // commit); a new statement after the lock, so it sees every committed event of the aggregate.
  // created_at is when the event is recorded, the command's last step before its commit (not
  // when its transaction began): the publish delay and the benchmark's latency start there.
  await tx.query(
    `WITH next AS (
       SELECT coalesce(max(sequence), 0) + 1 AS n FROM outbox
       WHERE aggregatetype = $2 AND aggregateid = $3
     ), inserted AS (
       INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, topic, sequence, created_at)
       SELECT $1, $2, $3, $4, jsonb_set($5::jsonb, '{sequence}', to_jsonb(lpad(next.n::text, $8, '0'))), $6, next.n,
              clock_timestamp()
       FROM next
       RETURNING sequence
     )
     SELECT sequence, pg_notify($7, '') FROM inserted`,
    [
      envelope.id,
      event.aggregate,
      data.id,
      envelope.type,
      JSON.stringify(envelope),
      event.topic,
      OUTBOX_CHANNEL,
      SEQUENCE_DIGITS,
    ],
  );
  faultBeforeCommit(event.source);
  return envelope.id;
}

/**
 * A service's typed `record<Service>Event(tx, context, name, source)`: the catalogue family fixes
 * each name's data, aggregate and topic; the data is `stateOf` the source (the row, usually) and
 * the aggregate id is its `id`.
 */
export function createEventRecorder<E extends Record<string, CataloguedEvent>>(
  family: EventFamily<E>,
) {
  return <N extends keyof E & string>(
    tx: EntityManager,
    context: CommandContext,
    name: N,
    source: StateSource<EventData<E[N]>>,
  ): Promise<string> => {
    // E[N] is CataloguedEvent<EventData<E[N]>> by construction; TypeScript cannot see through it.
    const entry = family.events[name] as unknown as CataloguedEvent<EventData<E[N]>>;
    return recordEvent(tx, entry, stateOf(entry, source), eventMetadata(context));
  };
}

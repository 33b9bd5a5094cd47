import { faultBeforeCommit } from "../config/fault-points";
import type { EntityManager } from "typeorm";
import { eventMetadata, type CommandContext } from "../subgraph/request-context";
import { createEnvelope, SEQUENCE_DIGITS } from "./event-envelope";

/** The notification channel the relay listens on; NOTIFY is delivered on commit. */
export const OUTBOX_CHANNEL = "gcn_outbox";

/** Where a service's events go: one source and topic per producing service. */
export interface EventSource {
  source: string;
  topic: string;
  typePrefix: string;
}

export function defineEventSource(service: string, topic: string): EventSource {
  return { source: `/gcn/${service}`, topic, typePrefix: `gcn.${service}` };
}

/** Request metadata every event carries (the request id becomes the correlation id). */
export interface EventMetadata {
  correlationId: string;
  actor: string;
  /** W3C traceparent of the request's span, when it is traced. */
  traceparent?: string;
}

export interface DomainEvent<T> {
  /** Type suffix, e.g. "EntityRegistered"; the full type is `gcn.<service>.<name>.v1`. */
  name: string;
  aggregateType: string;
  aggregateId: string;
  data: T;
}

/**
 * Writes an event to the outbox inside the caller's transaction, so the domain change and its
 * event commit or roll back together. The per-aggregate sequence is taken under an advisory
 * transaction lock, so concurrent writers to one aggregate get 1, 2, 3... without gaps.
 */
export async function recordEvent<T>(
  tx: EntityManager,
  source: EventSource,
  event: DomainEvent<T>,
  meta: EventMetadata,
): Promise<string> {
  if (!tx.queryRunner?.isTransactionActive) {
    throw new Error("recordEvent must run inside a transaction");
  }
  const key = `${event.aggregateType}:${event.aggregateId}`;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
  const envelope = createEnvelope({
    source: source.source,
    type: `${source.typePrefix}.${event.name}.v1`,
    subject: event.aggregateId,
    // Set by the INSERT below, under the lock: the aggregate's next sequence.
    sequence: 0,
    correlationId: meta.correlationId,
    actor: meta.actor,
    traceparent: meta.traceparent,
    data: event.data,
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
      event.aggregateType,
      event.aggregateId,
      envelope.type,
      JSON.stringify(envelope),
      source.topic,
      OUTBOX_CHANNEL,
      SEQUENCE_DIGITS,
    ],
  );
  faultBeforeCommit(source.source);
  return envelope.id;
}

/**
 * A service's typed `record<Service>Event(tx, context, name, data)`: the event map fixes each
 * name's data, `aggregates` its aggregate type, and the aggregate id is `data.id`.
 */
export function createEventRecorder<M extends { [N in keyof M]: { id: string } }>(
  source: EventSource,
  aggregates: { [N in keyof M]: string },
) {
  return <N extends keyof M & string>(
    tx: EntityManager,
    context: CommandContext,
    name: N,
    data: M[N],
  ): Promise<string> =>
    recordEvent(
      tx,
      source,
      { name, aggregateType: aggregates[name], aggregateId: data.id, data },
      eventMetadata(context),
    );
}

import { randomUUID } from "node:crypto";
import { PermanentEventError } from "./dead-letters";

/** CloudEvents 1.0 structured JSON, as contract.md's events section defines it. */
export interface EventEnvelope<T = unknown> {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: "application/json";
  /**
   * The CloudEvents Sequence extension: the aggregate's event number as a string that orders
   * lexicographically (SEQUENCE_DIGITS digits, zero-padded), so generic tooling orders 2 before
   * 10. `sequenceOf` reads it as a number.
   */
  sequence: string;
  correlationid: string;
  actor: string;
  /** CloudEvents distributed-tracing extension: the producing request's span, when traced. */
  traceparent?: string;
  data: T;
}

export interface NewEnvelope<T> {
  source: string;
  type: string;
  subject: string;
  sequence: number;
  correlationId: string;
  actor: string;
  traceparent?: string;
  data: T;
  time?: Date;
}

export function createEnvelope<T>(event: NewEnvelope<T>): EventEnvelope<T> {
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: (event.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    sequence: formatSequence(event.sequence),
    correlationid: event.correlationId,
    actor: event.actor,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    data: event.data,
  };
}

/** Digits of `sequence`: any PostgreSQL bigint fits. */
export const SEQUENCE_DIGITS = 20;

/** `3` -> `"00000000000000000003"`. */
export function formatSequence(sequence: number | bigint): string {
  return String(sequence).padStart(SEQUENCE_DIGITS, "0");
}

/**
 * A sequence as a number, from the string of the extension or, from envelopes written before it
 * was adopted (still in outboxes and on topics), a JSON integer; undefined when it is neither.
 */
function parseSequence(value: unknown): number | undefined {
  const number =
    typeof value === "string" && /^\d{1,20}$/.test(value)
      ? Number(value)
      : Number.isInteger(value)
        ? (value as number)
        : NaN;
  return Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}

/** The event's position in its aggregate's history, for projections' "newer than" checks. */
export function sequenceOf(event: Pick<EventEnvelope, "sequence">): number {
  return Number(event.sequence);
}

/** Thrown for a message that is not an envelope; consumers dead-letter it at once. */
export class MalformedEventError extends PermanentEventError {
  constructor(problem: string) {
    super(`Malformed event: ${problem}`);
    this.name = "MalformedEventError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a message value into an envelope, checking every field a consumer relies on. */
export function parseEnvelope(raw: string | Buffer | null): EventEnvelope {
  if (raw === null) throw new MalformedEventError("empty message");
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    throw new MalformedEventError("value is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedEventError("value is not an object");
  }
  const e = value as Record<string, unknown>;
  if (e.specversion !== "1.0") throw new MalformedEventError("specversion must be 1.0");
  if (typeof e.id !== "string" || !UUID.test(e.id))
    throw new MalformedEventError("id must be a UUID");
  for (const field of ["source", "type", "subject", "time"] as const) {
    if (typeof e[field] !== "string" || e[field] === "") {
      throw new MalformedEventError(`${field} must be a non-empty string`);
    }
  }
  const sequence = parseSequence(e.sequence);
  if (sequence === undefined) {
    throw new MalformedEventError(
      `sequence must be a string of ${SEQUENCE_DIGITS} digits above zero`,
    );
  }
  if (typeof e.data !== "object" || e.data === null) {
    throw new MalformedEventError("data must be an object");
  }
  const envelope: EventEnvelope = {
    ...(e as unknown as EventEnvelope),
    sequence: formatSequence(sequence),
    correlationid: typeof e.correlationid === "string" ? e.correlationid : "",
    actor: typeof e.actor === "string" ? e.actor : "",
  };
  if (typeof e.traceparent !== "string") delete envelope.traceparent;
  return envelope;
}

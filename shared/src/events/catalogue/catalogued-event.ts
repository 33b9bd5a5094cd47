import type { EntityManager } from "typeorm";
import type { z } from "zod";
import { PermanentEventError } from "../dead-letters";
import type { EventHandler } from "../event-consumer";
import type { EventEnvelope } from "../event-envelope";

/** Every event's data is its aggregate's state after the change, keyed by the aggregate's id. */
export type AggregateState = { id: string };

/**
 * One entry of the event catalogue: everything a producer writes and a consumer reads about one
 * event, in one place. The CloudEvents type is built here and nowhere else.
 */
export interface CataloguedEvent<D extends AggregateState = AggregateState> {
  /** The CloudEvents type, e.g. `gcn.plan.PlanItemScheduled.v1`. */
  readonly type: string;
  /** The name within its service, e.g. `PlanItemScheduled`. */
  readonly name: string;
  /** The producing service, e.g. `plan`. */
  readonly service: string;
  /** The CloudEvents source, e.g. `/gcn/plan`. */
  readonly source: string;
  readonly topic: string;
  /** The aggregate whose state `data` is, e.g. `PlanItem`; its id is `data.id`. */
  readonly aggregate: string;
  /** The one validator of `data`, whose inferred type is the data type. */
  readonly data: z.ZodType<D>;
  readonly description: string;
}

/** The data type of a catalogue entry. */
export type EventData<E> = E extends CataloguedEvent<infer D> ? D : never;

interface EventSpec {
  aggregate: string;
  data: z.ZodType<AggregateState>;
  description: string;
}

/** One producing service's events: where they go and each entry, by name. */
export interface EventFamily<
  E extends Record<string, CataloguedEvent> = Record<string, CataloguedEvent>,
> {
  readonly service: string;
  readonly source: string;
  readonly topic: string;
  readonly events: E;
}

export function defineEventFamily<S extends Record<string, EventSpec>>(
  service: string,
  topic: string,
  specs: S,
): EventFamily<{ [N in keyof S & string]: CataloguedEvent<z.infer<S[N]["data"]>> }> {
  const source = `/gcn/${service}`;
  const events = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: `gcn.${service}.${name}.v1`, name, service, source, topic, ...spec },
    ]),
  );
  return { service, source, topic, events } as EventFamily<{
    [N in keyof S & string]: CataloguedEvent<z.infer<S[N]["data"]>>;
  }>;
}

/** Each offending field of a failed parse, `path: message`, in one line. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "data"}: ${issue.message}`)
    .join("; ");
}

/**
 * The event's data as its catalogue entry says, typed; anything else is a PermanentEventError
 * naming each offending field, so the consumer dead-letters it instead of retrying.
 */
export function parseEventData<D extends AggregateState>(
  entry: CataloguedEvent<D>,
  event: Pick<EventEnvelope, "id" | "type" | "data">,
): D {
  const parsed = entry.data.safeParse(event.data);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  throw new PermanentEventError(
    `${event.type} ${event.id} does not carry a valid ${entry.aggregate} (${issues})`,
  );
}

/**
 * What a producer hands over to record an event: an object with every field of the data (a row
 * usually), dates as Date or ISO text. `stateOf` turns it into the data.
 */
export type StateSource<D> = { [K in keyof D]: unknown };

function wireValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The event's data from its source, through the entry's validator: only the catalogued fields
 * (anything else on a row, such as a liaison's contact details, never reaches the wire), dates
 * as ISO text. A source that does not fit is a programming error and fails the command.
 */
export function stateOf<D extends AggregateState>(
  entry: CataloguedEvent<D>,
  source: StateSource<D>,
): D {
  const wire = Object.fromEntries(
    Object.entries(source as Record<string, unknown>).map(([key, value]) => [
      key,
      wireValue(value),
    ]),
  );
  const parsed = entry.data.safeParse(wire);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  throw new Error(
    `${entry.type}: the ${entry.aggregate} state does not fit the catalogue (${issues})`,
  );
}

/** A consumer's handler for catalogued events: typed data in, nothing to check by hand. */
export type CataloguedHandler<D> = (
  tx: EntityManager,
  data: D,
  event: EventEnvelope<D>,
) => Promise<void>;

/**
 * Consumer handlers by event type for the given entries, each validating the data against its
 * entry before the handler sees it. Entries passed together share one data type.
 */
export function handleEvents<D extends AggregateState>(
  entries: readonly CataloguedEvent<D>[],
  handler: CataloguedHandler<D>,
): Record<string, EventHandler> {
  return Object.fromEntries(
    entries.map((entry) => [
      entry.type,
      (async (tx, event) => {
        const data = parseEventData(entry, event);
        await handler(tx, data, { ...event, data });
      }) satisfies EventHandler,
    ]),
  );
}

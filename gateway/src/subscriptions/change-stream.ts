import { catalogueEntry, coded, type Identity } from "@gcn/shared";
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import { encodeCursor, type StreamPosition } from "./change-cursor";
import type { EventFeed, FeedEvent } from "./event-feed";
import type { SubscriptionPlan } from "./subscription-plan";

/** Reads the changed record for a subscriber: the data of the plan's record query, or errors. */
export type RecordReader = (
  plan: SubscriptionPlan,
  event: FeedEvent,
  recordId: string,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

export interface ChangeStreamOptions {
  feed: EventFeed;
  plan: SubscriptionPlan;
  readRecord: RecordReader;
  identity: Identity;
  timeZone: string;
  /** When the subscriber's token expires (ms since the epoch): the stream ends then. */
  expiresAt?: number;
  /** Events waiting for a subscriber that does not read, before it is cut off. */
  maxBehind: number;
  /** Where to resume (the `after` cursor's position); undefined: live from now. */
  after?: StreamPosition;
  /** Called when the stream cuts its subscriber off as too slow. */
  onSlowConsumer?: () => void;
}

/** A result that ends the stream: one error with its code, no data. */
// Results carry GraphQLError instances: graphql-ws serialises each with its toJSON.
const ending = (error: Error): ExecutionResult => ({
  errors: [
    error instanceof GraphQLError
      ? error
      : new GraphQLError(error.message, { extensions: { code: "INTERNAL_SERVER_ERROR" } }),
  ],
});

/**
 * One subscriber's changes: with a cursor, every event after it (replayed), then the live ones;
 * each event once, in order per partition. Events outside the subscriber's filters move its
 * position on without a result. Ends with a coded error when the token expires, when the cursor
 * is too old, or when the subscriber falls `maxBehind` events behind.
 */
export function changeStream(options: ChangeStreamOptions): AsyncGenerator<ExecutionResult> {
  // An async generator waiting for the next event only finishes at its next yield; a subscriber
  // that leaves (complete, a closed socket) must end it at once, waiting or not.
  const control = { closed: false, wake: undefined as (() => void) | undefined };
  const inner = streamChanges(options, control);
  const close = inner.return.bind(inner);
  inner.return = (value) => {
    control.closed = true;
    control.wake?.();
    return close(value);
  };
  return inner;
}

async function* streamChanges(
  options: ChangeStreamOptions,
  control: { closed: boolean; wake: (() => void) | undefined },
): AsyncGenerator<ExecutionResult> {
  const { feed, plan } = options;
  const topic = plan.field.topic;
  const live: FeedEvent[] = [];
  const wake = () => control.wake?.();
  let slow = false;
  const stopListening = feed.listen((event) => {
    if (event.topic !== topic || slow) return;
    if (live.length >= options.maxBehind) {
      // Cut off here, not when the stream next runs: a subscriber that does not read holds the
      // stream at its last send. From now on nothing is kept for it; the coded error waits
      // behind what its socket still holds and reaches it when it reads again.
      slow = true;
      stopListening();
      live.length = 0;
      options.onSlowConsumer?.();
    } else live.push(event);
    wake();
  });
  const start = feed.position(topic);
  const expiry =
    options.expiresAt !== undefined
      ? setTimeout(wake, Math.max(0, options.expiresAt - Date.now())).unref()
      : undefined;
  try {
    const after = options.after;
    const delivered: StreamPosition = after ? new Map(after) : new Map(start);
    for (const partition of start.keys()) {
      if (!delivered.has(partition)) delivered.set(partition, 0n);
    }
    const expired = () => options.expiresAt !== undefined && Date.now() >= options.expiresAt;
    const next = async (event: FeedEvent): Promise<ExecutionResult | undefined> => {
      // Each event once: what this subscriber already had (replay and live overlap) is skipped.
      if (event.offset < (delivered.get(event.partition) ?? 0n)) return undefined;
      delivered.set(event.partition, event.offset + 1n);
      return resultOf(options, event, encodeCursor(feed.epoch, topic, delivered));
    };
    if (after) {
      try {
        for await (const event of feed.replay(topic, new Map(delivered), start)) {
          if (control.closed) return;
          if (expired()) return yield ending(tokenExpired());
          const result = await next(event);
          if (result) yield result;
        }
      } catch (error) {
        return yield ending(error as Error);
      }
    }
    while (!control.closed) {
      if (expired()) return yield ending(tokenExpired());
      if (slow) {
        return yield ending(
          coded(
            "SLOW_CONSUMER",
            `More than ${options.maxBehind} changes waited for this subscriber: resubscribe with the last cursor`,
          ),
        );
      }
      const event = live.shift();
      if (!event) {
        await new Promise<void>((resolve) => (control.wake = resolve));
        control.wake = undefined;
        continue;
      }
      const result = await next(event);
      if (result) yield result;
    }
  } finally {
    stopListening();
    clearTimeout(expiry);
  }
}

function tokenExpired(): Error {
  return coded("TOKEN_EXPIRED", "The token expired: subscribe again with a new one");
}

async function resultOf(
  options: ChangeStreamOptions,
  event: FeedEvent,
  cursor: string,
): Promise<ExecutionResult | undefined> {
  const { plan } = options;
  const entry = catalogueEntry(event.envelope.type);
  if (!entry || !plan.field.events.includes(entry)) return undefined;
  const data = event.envelope.data as Record<string, unknown>;
  if (!plan.field.matches(plan.args, data, options.timeZone)) return undefined;
  const envelope = event.envelope;
  const change = {
    id: envelope.id,
    type: envelope.type,
    sequence: String(envelope.sequence),
    time: envelope.time,
    actor: envelope.actor,
    cursor,
  };
  // The cursor also rides in `extensions`, selected or not: SSE sends it as the event's id.
  const extensions = { cursor };
  if (!plan.recordQuery) return { data: plan.shape(change, null), extensions };
  const read = await options.readRecord(plan, event, plan.field.recordId(data));
  const result: ExecutionResult = { data: plan.shape(change, read.data ?? null), extensions };
  // A record field the subscriber may not read is null with its error, at its path in the change.
  if (read.errors?.length) {
    (result as { errors?: unknown }).errors = read.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          path: [plan.rootKey, ...(error.path ?? [])],
          extensions: error.extensions,
        }),
    );
  }
  return result;
}

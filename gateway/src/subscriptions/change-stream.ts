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
  /** Called with each result the stream hands over. */
  onDelivered?: () => void;
  /** Called once when the stream ends, however it ends (started or not). */
  onEnd?: () => void;
  /**
   * A live event's result, made once for every subscriber of the same plan key and visibility
   * that is at the same position (they share its cursor too).
   */
  shared: (
    event: FeedEvent,
    make: () => Promise<ExecutionResult | undefined>,
  ) => Promise<ExecutionResult | undefined>;
}

/** Each live event's cursor, encoded once for the subscribers that share it. */
const sharedCursors = new WeakMap<FeedEvent, string>();

function samePosition(a: StreamPosition, b: StreamPosition): boolean {
  if (a.size !== b.size) return false;
  for (const [partition, offset] of a) if (b.get(partition) !== offset) return false;
  return true;
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
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd?.();
  };
  const inner = streamChanges(options, control, end);
  const close = inner.return.bind(inner);
  // A generator never started skips its body's `finally` on return(): the end is called here too.
  inner.return = (value) => {
    control.closed = true;
    control.wake?.();
    return close(value).finally(end);
  };
  return inner;
}

async function* streamChanges(
  options: ChangeStreamOptions,
  control: { closed: boolean; wake: (() => void) | undefined },
  end: () => void,
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
  let tokenExpired = options.expiresAt !== undefined && options.expiresAt <= Date.now();
  const expiry =
    options.expiresAt !== undefined && !tokenExpired
      ? setTimeout(() => {
          tokenExpired = true;
          wake();
        }, options.expiresAt - Date.now()).unref()
      : undefined;
  try {
    const after = options.after;
    // Never changed in place: once it is a live event's own position, it is shared.
    let position: StreamPosition = new Map(after ?? start);
    for (const partition of start.keys()) {
      if (!position.has(partition)) position.set(partition, 0n);
    }
    const next = (event: FeedEvent): Promise<ExecutionResult | undefined> | undefined => {
      // Each event once: what this subscriber already had (replay and live overlap) is skipped.
      if (event.offset < (position.get(event.partition) ?? 0n)) return undefined;
      const { positionBefore: before, positionAfter: reached } = event;
      if (reached && before && (position === before || samePosition(position, before))) {
        // Where every live subscriber that had the events before it is: one cursor and one
        // result for all of them with the same plan and visibility.
        position = reached;
        return options.shared(event, () => {
          let cursor = sharedCursors.get(event);
          if (!cursor)
            sharedCursors.set(event, (cursor = encodeCursor(feed.epoch, topic, reached)));
          return resultOf(options, event, cursor);
        });
      }
      position = new Map(position).set(event.partition, event.offset + 1n);
      return resultOf(options, event, encodeCursor(feed.epoch, topic, position));
    };
    if (after) {
      try {
        for await (const event of feed.replay(topic, new Map(position), start)) {
          if (control.closed) return;
          if (tokenExpired) return yield ending(expiredToken());
          const result = await next(event);
          if (result) {
            options.onDelivered?.();
            yield result;
          }
        }
      } catch (error) {
        return yield ending(error as Error);
      }
    }
    while (!control.closed) {
      if (tokenExpired) return yield ending(expiredToken());
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
      if (result) {
        options.onDelivered?.();
        yield result;
      }
    }
  } finally {
    stopListening();
    clearTimeout(expiry);
    end();
  }
}

function expiredToken(): Error {
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

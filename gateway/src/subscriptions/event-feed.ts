import { eventTopics, type EventEnvelope } from "@gcn/shared";
import type { StreamPosition } from "./change-cursor";

/** One event as the feed read it: where it sits on its topic, and its envelope. */
export interface FeedEvent {
  /** The topic without the deployment's prefix, e.g. gcn.plan.v1. */
  topic: string;
  partition: number;
  offset: bigint;
  envelope: EventEnvelope;
  /**
   * The feed's position on the topic right after this event, and (set by the feed) right after
   * the one it read before: every live subscriber that has had each event before it is there,
   * so they share one cursor per event. Events replayed from the broker have neither.
   */
  positionAfter?: StreamPosition;
  positionBefore?: StreamPosition;
}

/**
 * What every gateway replica reads for its subscribers: the services' topics, each replica for
 * itself (every replica sees every event), live from when it starts, and from any earlier
 * position on request (a subscriber resuming with a cursor).
 */
export interface EventFeed {
  /**
   * Names the streams a cursor belongs to: the same on every replica reading the same broker,
   * different after a restart of the embedded default (whose offsets start again at 0).
   */
  readonly epoch: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Where live delivery is now: the next offset of each partition of `topic`. */
  position(topic: string): StreamPosition;
  /** Calls `listener` with each live event, in order per partition; returns the unsubscribe. */
  listen(listener: (event: FeedEvent) => void): () => void;
  /**
   * The events of `topic` from `from` up to `until` (exclusive), in order per partition.
   * Throws CURSOR_EXPIRED when `from` is older than what is still held.
   */
  replay(topic: string, from: StreamPosition, until: StreamPosition): AsyncIterable<FeedEvent>;
}

/** The topics subscriptions read: every service's own events (not the collectors' samples). */
export const FEED_TOPICS = eventTopics();

/** The envelope of a message on a services' topic, or undefined for anything else. */
export function envelopeOf(value: string | null): EventEnvelope | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<EventEnvelope>;
    return typeof parsed.type === "string" && typeof parsed.id === "string"
      ? (parsed as EventEnvelope)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The latest events of each topic a feed has read, so that a subscriber resuming from a recent
 * cursor replays from memory; `retain` per topic.
 */
export class RecentEvents {
  private readonly byTopic = new Map<string, FeedEvent[]>();

  constructor(private readonly retain: number) {}

  add(event: FeedEvent): void {
    const list = this.byTopic.get(event.topic) ?? [];
    list.push(event);
    if (list.length > this.retain) list.splice(0, list.length - this.retain);
    this.byTopic.set(event.topic, list);
  }

  /**
   * The held events from `from` to `until` when memory holds all of them (for every partition
   * that has any to replay, the first held event is at or before `from`), else undefined.
   */
  between(topic: string, from: StreamPosition, until: StreamPosition): FeedEvent[] | undefined {
    const list = this.byTopic.get(topic) ?? [];
    for (const [partition, end] of until) {
      const start = from.get(partition) ?? 0n;
      if (start >= end) continue;
      const first = list.find((event) => event.partition === partition);
      if (!first || first.offset > start) return undefined;
    }
    return list.filter((event) => {
      const start = from.get(event.partition) ?? 0n;
      const end = until.get(event.partition) ?? 0n;
      return event.offset >= start && event.offset < end;
    });
  }
}

/**
 * What both feeds share: the listeners of live events and the events held for replay. A feed
 * calls `dispatch` with each event it reads.
 */
export abstract class HeldEvents {
  protected readonly recent: RecentEvents;
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private readonly lastPosition = new Map<string, StreamPosition>();

  constructor(retain: number) {
    this.recent = new RecentEvents(retain);
  }

  listen(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected dispatch(event: FeedEvent): void {
    event.positionBefore = this.lastPosition.get(event.topic);
    if (event.positionAfter) this.lastPosition.set(event.topic, event.positionAfter);
    this.recent.add(event);
    // Delivery to subscribers is theirs to pace: the reader is not held up.
    for (const listener of this.listeners) listener(event);
  }

  protected forgetListeners(): void {
    this.listeners.clear();
  }
}

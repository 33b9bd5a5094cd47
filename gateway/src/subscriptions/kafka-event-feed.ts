import { randomUUID } from "node:crypto";
import { retryRetriable, type Logger } from "@gcn/shared";
import { logLevel, type Admin, type Consumer } from "kafkajs";
import { Kafka } from "@gcn/shared";
import { cursorExpired, type StreamPosition } from "./change-cursor";
import { envelopeOf, FEED_TOPICS, HeldEvents, type EventFeed, type FeedEvent } from "./event-feed";

export interface KafkaEventFeedOptions {
  brokers: string[];
  /** KAFKA_TOPIC_PREFIX of the deployment; cursors name topics without it. */
  topicPrefix: string;
  logger: Logger;
  /** Events per topic replayed from memory before asking the broker. */
  retain?: number;
}

/**
 * A replica's feed from Kafka: a consumer group of its own (so every replica sees every event)
 * that starts at each partition's end when the replica starts. A cursor is Kafka offsets, so any
 * replica replays from it: from memory when it holds the events, else from the broker.
 */
export class KafkaEventFeed extends HeldEvents implements EventFeed {
  readonly epoch = "kafka";
  private readonly kafka: Kafka;
  private readonly next = new Map<string, StreamPosition>();
  private consumer?: Consumer;
  private admin?: Admin;

  constructor(private readonly options: KafkaEventFeedOptions) {
    super(options.retain ?? 10_000);
    this.kafka = new Kafka({
      clientId: `gcn-gateway-${randomUUID().slice(0, 8)}`,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      // A broker outage crashes the consumer after these; kafkajs then restarts it, until the
      // broker is back (see the seek on every join below).
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  private brokerTopic(topic: string): string {
    return this.options.topicPrefix + topic;
  }

  private topicOf(brokerTopic: string): string {
    return brokerTopic.slice(this.options.topicPrefix.length);
  }

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    // Live starts at each partition's end now; the consumer is moved there once it runs.
    for (const topic of FEED_TOPICS) {
      const ends = await retryRetriable(() =>
        this.admin!.fetchTopicOffsets(this.brokerTopic(topic)),
      );
      this.next.set(topic, new Map(ends.map((end) => [end.partition, BigInt(end.high)])));
    }
    const consumer = this.kafka.consumer({
      groupId: `gcn-gateway-${randomUUID()}`,
      // How long the broker holds a fetch that finds nothing (one with records returns at
      // once): a shorter wait only makes more empty fetches, 10 a second cost the gateway
      // 30 ms of CPU a second doing nothing.
      maxWaitTimeInMs: 1000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: FEED_TOPICS.map((topic) => this.brokerTopic(topic)) });
    // The group commits nothing, so a consumer restarted after a broker outage would start at
    // the partitions' ends and pass over what was published meanwhile: every join (the first
    // one and each after a restart) moves it to where live delivery is.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [topic, position] of this.next) {
        for (const [partition, offset] of position) {
          consumer.seek({ topic: this.brokerTopic(topic), partition, offset: String(offset) });
        }
      }
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.options.logger.warn(
        { err: event.payload.error, restart: event.payload.restart },
        "subscription feed lost the broker; delivery pauses until it is back",
      );
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: brokerTopic, partition, message }) => {
        const topic = this.topicOf(brokerTopic);
        const position = this.next.get(topic)!;
        const offset = BigInt(message.offset);
        // Before the seek below lands, a fetch may hand over what came before the start.
        if (offset < (position.get(partition) ?? 0n)) return;
        position.set(partition, offset + 1n);
        const envelope = envelopeOf(message.value?.toString() ?? null);
        if (!envelope) return;
        this.dispatch({ topic, partition, offset, envelope, positionAfter: new Map(position) });
      },
    });
  }

  async stop(): Promise<void> {
    this.forgetListeners();
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }

  position(topic: string): StreamPosition {
    return new Map(this.next.get(topic) ?? []);
  }

  async *replay(
    topic: string,
    from: StreamPosition,
    until: StreamPosition,
  ): AsyncIterable<FeedEvent> {
    const held = this.recent.between(topic, from, until);
    if (held) {
      yield* held;
      return;
    }
    yield* this.replayFromBroker(topic, from, until);
  }

  /** A short-lived consumer of its own, moved to `from` on each partition, until `until`. */
  private async *replayFromBroker(
    topic: string,
    from: StreamPosition,
    until: StreamPosition,
  ): AsyncIterable<FeedEvent> {
    const brokerTopic = this.brokerTopic(topic);
    const lows = await retryRetriable(() => this.admin!.fetchTopicOffsets(brokerTopic));
    const pending = new Map<number, { next: bigint; end: bigint }>();
    for (const [partition, end] of until) {
      const low = BigInt(lows.find((entry) => entry.partition === partition)?.low ?? "0");
      const start = from.get(partition) ?? low;
      if (start < low) throw cursorExpired(topic);
      if (start < end) pending.set(partition, { next: start, end });
    }
    if (pending.size === 0) return;
    const queue: FeedEvent[] = [];
    let wake: (() => void) | undefined;
    let failure: unknown;
    const consumer = this.kafka.consumer({ groupId: `gcn-gateway-replay-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: brokerTopic });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const range = pending.get(partition);
          const offset = BigInt(message.offset);
          // Passed over: what was handed over twice, and anything beyond the replay's end.
          if (!range || offset < range.next || offset >= range.end) return;
          range.next = offset + 1n;
          const envelope = envelopeOf(message.value?.toString() ?? null);
          // A replayed event's position is the subscriber's own, worked out as it is replayed.
          if (envelope) queue.push({ topic, partition, offset, envelope });
          if (range.next >= range.end) pending.delete(partition);
          wake?.();
        },
      });
      consumer.on(consumer.events.CRASH, (event) => {
        failure = event.payload.error;
        wake?.();
      });
      for (const [partition, range] of pending) {
        consumer.seek({ topic: brokerTopic, partition, offset: String(range.next) });
      }
      // All of the range first: partitions arrive interleaved as fetched, and the replay is put
      // back in the order the changes were recorded (each partition's own order kept).
      while (pending.size > 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      yield* inRecordedOrder(queue);
    } finally {
      await consumer.disconnect();
    }
  }
}

/**
 * Events of several partitions merged by when they were recorded, each partition's events kept
 * in their own order (a partition is read in order; its times only break ties between them).
 */
function inRecordedOrder(events: FeedEvent[]): FeedEvent[] {
  const byPartition = new Map<number, FeedEvent[]>();
  for (const event of events) {
    byPartition.set(event.partition, [...(byPartition.get(event.partition) ?? []), event]);
  }
  const heads = [...byPartition.values()];
  const merged: FeedEvent[] = [];
  for (;;) {
    let earliest: FeedEvent[] | undefined;
    for (const head of heads) {
      if (head.length === 0) continue;
      if (!earliest || head[0]!.envelope.time < earliest[0]!.envelope.time) earliest = head;
    }
    if (!earliest) return merged;
    merged.push(earliest.shift()!);
  }
}

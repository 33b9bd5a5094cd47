import {
  logLevel,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from "kafkajs";
import { Kafka } from "./kafka-client";
import type { Logger } from "../logging/logger";
import type {
  BatchMessageHandler,
  EventTransport,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from "./event-transport";

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Created when missing (auto-create is off on the platform's brokers). */
  topics?: string[];
  partitions?: number;
  /**
   * Prepended to every topic name on the broker (KAFKA_TOPIC_PREFIX), so that several
   * platforms, e.g. test runs, can share one cluster without reading each other's events.
   */
  topicPrefix?: string;
}

function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) out[name] = value.toString();
  }
  return out;
}

/**
 * Runs `work` again, up to 5 times 200 ms apart and more, while it fails with an error kafkajs
 * calls retriable (a broker still settling new topics' metadata after kafkajs's own retries).
 */
export async function retryRetriable<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * kafkajs behind the transport interface: an idempotent producer with acks=all, and consumers
 * that commit an offset only after the handler resolved for that message.
 */
export class KafkaTransport implements EventTransport {
  readonly kind = "kafka" as const;
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerReady?: Promise<Producer>;
  private readonly consumers = new Set<Consumer>();
  /** Discarded producers still closing their connections; close() waits for them. */
  private readonly disconnecting = new Set<Promise<void>>();
  private admin?: Admin;

  private readonly prefix: string;

  constructor(private readonly options: KafkaTransportOptions) {
    this.prefix = options.topicPrefix ?? "";
    const log = options.logger.child({ component: "kafkajs" });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...rest } = entry;
          if (level <= logLevel.ERROR) log.error(rest, message);
          else if (level === logLevel.WARN) log.warn(rest, message);
          else log.debug(rest, message);
        },
    });
  }

  /** Creates the given topics when missing; existing ones are left as they are. */
  async ensureTopics(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics.map((topic) => this.prefix + topic))];
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    const topicsToCreate = missing.map((topic) => ({
      topic,
      numPartitions: this.options.partitions ?? 6,
    }));
    // kafkajs waits for the new topics' leaders through metadata requests, and a broker that
    // has just created them may still answer UNKNOWN_TOPIC_OR_PARTITION when those retries run
    // out (seen once in CI). The topics exist by then; waiting for their leaders again is safe.
    await retryRetriable(() =>
      this.admin!.createTopics({ waitForLeaders: true, topics: topicsToCreate }),
    );
  }

  private getProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      await this.ensureTopics(this.options.topics ?? []);
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((error: unknown) => {
      this.producerReady = undefined;
      throw error;
    });
    return this.producerReady;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.getProducer();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic: this.prefix + topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    } catch (error) {
      this.discardProducer(producer);
      throw error;
    }
  }

  /**
   * After a failed send (broker stopped or restarted) kafkajs's idempotent producer can be left
   * with sequence numbers the broker no longer accepts: every later send then fails with "out of
   * order sequence number" and the outbox never drains (seen in the R2 drill). The next send
   * starts a new producer, with a new producer id. A batch the broker did take may so be sent
   * twice; the consumers' inboxes absorb that, and the relay resends in outbox order.
   */
  private discardProducer(producer: Producer): void {
    if (this.producer !== producer) return;
    this.producer = undefined;
    this.producerReady = undefined;
    const disconnecting = producer.disconnect().catch(() => undefined);
    this.disconnecting.add(disconnecting);
    void disconnecting.finally(() => this.disconnecting.delete(disconnecting));
  }

  async subscribe(
    groupId: string,
    topics: string[],
    handler: MessageHandler,
    batchHandler?: BatchMessageHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    await this.ensureTopics([...topics, ...(this.options.topics ?? [])]);
    const consumer = this.kafka.consumer({
      groupId,
      // Bulk consumers take bigger fetches: thousands of small records per round trip.
      ...(options.bulk
        ? { maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 24 * 1024 * 1024 }
        : {}),
      allowAutoTopicCreation: false,
      // A stop waits for the fetch in flight: an idle one returns after this long (default 5 s).
      maxWaitTimeInMs: 1000,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    await consumer.connect();
    // Right after the topics were created the broker may not yet serve their metadata.
    await retryRetriable(() =>
      consumer.subscribe({
        topics: topics.map((topic) => this.prefix + topic),
        fromBeginning: true,
      }),
    );
    this.consumers.add(consumer);
    // A clean stop commits what was handled before the member leaves its group: kafkajs only
    // commits on its interval and would leave that much to be delivered again.
    let stopping = false;
    let inFlight = 0;
    let drained: (() => void) | undefined;
    const handled = new Map<string, { topic: string; partition: number; offset: string }>();
    const markHandled = (topic: string, partition: number, offset: string) =>
      handled.set(`${topic}/${partition}`, {
        topic,
        partition,
        offset: (BigInt(offset) + 1n).toString(),
      });
    await consumer.run({
      // Partitions are applied concurrently (each still in order, and an aggregate's events
      // share a partition): while one batch waits on PostgreSQL the next is applied. One at a
      // time, a fetch's batches for six partitions queued behind each other (P4 at 200/s:
      // published -> projected p50 17 -> 2 ms). Bulk consumers take one more.
      partitionsConsumedConcurrently: options.bulk ? 4 : 3,
      autoCommit: true,
      // Offsets of handled messages are committed at most once a second (or every 500): a
      // restart may redeliver that much, which the inbox absorbs, and the broker is not asked
      // for a commit after every small batch.
      autoCommitInterval: 1000,
      autoCommitThreshold: 500,
      eachBatchAutoResolve: false,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }) => {
        const handleBatch = async () => {
          const incoming = (message: KafkaMessage): IncomingMessage => ({
            topic: batch.topic.slice(this.prefix.length),
            partition: batch.partition,
            offset: message.offset,
            key: message.key ? message.key.toString() : null,
            value: message.value ? message.value.toString() : null,
            headers: headersToStrings(message.headers),
            highWatermark: batch.highWatermark,
          });
          if (batchHandler && batch.messages.length > 0) {
            if (!isRunning() || isStale()) return;
            await batchHandler(batch.messages.map(incoming), { heartbeat });
            const last = batch.messages[batch.messages.length - 1]!.offset;
            resolveOffset(last);
            markHandled(batch.topic, batch.partition, last);
            await heartbeat();
            await commitOffsetsIfNecessary();
            return;
          }
          for (const message of batch.messages) {
            if (!isRunning() || isStale() || stopping) break;
            await handler(incoming(message), { heartbeat });
            // Only now is the message applied (or dead-lettered), so only now may it be committed.
            resolveOffset(message.offset);
            markHandled(batch.topic, batch.partition, message.offset);
            await heartbeat();
          }
          await commitOffsetsIfNecessary();
        };
        if (stopping) return;
        inFlight++;
        try {
          await handleBatch();
        } finally {
          inFlight--;
          if (inFlight === 0) drained?.();
        }
      },
    });
    return {
      stop: async () => {
        stopping = true;
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        if (handled.size > 0) {
          await consumer.commitOffsets([...handled.values()]).catch((error: unknown) => {
            this.options.logger.warn({ err: error, groupId }, "could not commit on stop");
          });
        }
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async isReachable(): Promise<boolean> {
    try {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      await this.admin.describeCluster();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
    if (this.producer) await this.producer.disconnect().catch(() => undefined);
    await Promise.all([...this.disconnecting]);
    if (this.admin) await this.admin.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.producerReady = undefined;
    this.admin = undefined;
  }
}

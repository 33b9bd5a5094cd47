/**
 * A message as it goes onto a topic: key = aggregate id, value = the envelope's JSON (null only
 * for the dead letter of a message that had no value).
 */
export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** Kafka's offset after the partition's last message, for consumer lag (absent in-process). */
  highWatermark?: string;
}

/** Lets a long-running handler keep its group membership while it waits (retries). */
export interface DeliveryControl {
  heartbeat(): Promise<void>;
}

/**
 * Called once per message; resolving means the message may be committed (applied, skipped as a
 * duplicate, or dead-lettered). Rejecting means "do not commit": it will be delivered again.
 */
export type MessageHandler = (message: IncomingMessage, control: DeliveryControl) => Promise<void>;

/** Handles every message of a fetched batch at once; offsets are committed only after it resolves. */
export type BatchMessageHandler = (
  messages: IncomingMessage[],
  control: DeliveryControl,
) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /**
   * The batches are bulk data (the collectors' samples): larger fetches and several partitions
   * handled at once. Otherwise one partition at a time, in the broker's default fetch sizes.
   */
  bulk?: boolean;
}

/**
 * What the relay and the consumers need from a broker. Two implementations: Kafka, and an
 * in-process one for the embedded default. Both are at-least-once.
 */
export interface EventTransport {
  readonly kind: "kafka" | "in-process";
  /** Resolves once every message is acknowledged by the broker (or, in-process, handled). */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /**
   * Delivers each message to `handler`, or, when `batchHandler` is given and the transport
   * fetches in batches (Kafka), each batch to it.
   */
  subscribe(
    groupId: string,
    topics: string[],
    handler: MessageHandler,
    batchHandler?: BatchMessageHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** True when the broker answers (used by /ready). */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

import type { EventMetrics } from "../observability/service-metrics";
import type { DataSource, EntityManager } from "typeorm";
import { isTransientError } from "../database/transient-errors";
import type { Logger } from "../logging/logger";
import { SpanKind, type Tracing } from "../observability/tracing";
import { parseEnvelope, type EventEnvelope } from "./event-envelope";
import type {
  DeliveryControl,
  EventTransport,
  IncomingMessage,
  Subscription,
} from "./event-transport";
import { deadLetterTopic } from "./topics";

/** Applies one event to the consumer's projection inside the inbox transaction. */
export type EventHandler = (tx: EntityManager, event: EventEnvelope) => Promise<void>;

/**
 * Applies a whole batch in one transaction and returns, per event, why it was rejected
 * (undefined when applied). Rejected events are dead-lettered; the rest commit together.
 */
export type BatchApply = (
  tx: EntityManager,
  events: EventEnvelope[],
) => Promise<(string | undefined)[]>;

export interface EventConsumerOptions {
  /** Consumer name: the Kafka group id and the inbox's `consumer` column. */
  name: string;
  dataSource: DataSource;
  transport: EventTransport;
  logger: Logger;
  topics: string[];
  /** Handlers by full event type; other types are recorded as processed and ignored. */
  handlers: Record<string, EventHandler>;
  maxAttempts?: number;
  retryDelayMs?: number;
  maxTransientDelayMs?: number;
  /**
   * Turns a message into an event; the default parses a CloudEvents envelope. A topic of plain
   * records (the collectors' samples) decodes them into an event of its own.
   */
  decode?: (message: IncomingMessage) => EventEnvelope;
  /**
   * Record each event id in the inbox (default). Off only for handlers that are idempotent by
   * themselves (a keyed upsert), where an inbox row per record would only grow the table.
   */
  inbox?: boolean;
  /** Counts and latencies for /metrics. */
  metrics?: EventMetrics;
  /**
   * Applies a fetched batch at once (Kafka). Only for consumers without an inbox, whose apply
   * is idempotent by itself (the collectors' keyed upserts): a redelivered batch is harmless.
   */
  batch?: BatchApply;
  /** A CONSUMER span per applied event, child of the span that recorded it (off by default). */
  tracing?: Tracing;
}

type Outcome = "applied" | "duplicate" | "ignored";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class ConsumerStoppingError extends Error {
  constructor() {
    super("consumer is stopping");
  }
}

/**
 * The consumer runner. Each message: parse the envelope, then in one transaction insert the
 * inbox row (consumer, event id) and apply the handler; a duplicate id is skipped. A message that
 * keeps failing for a reason of its own goes to `<topic>.dlq` after `maxAttempts` tries; a
 * transient failure (database or broker down) is retried until it passes and never dead-lettered.
 * The transport commits the offset only after this resolves.
 */
export class EventConsumer {
  private subscription?: Subscription;
  private stopping = false;
  readonly stats = {
    applied: 0,
    duplicates: 0,
    ignored: 0,
    deadLettered: 0,
    retries: 0,
    /** Transactions that applied several events of a fetched batch together. */
    batchTransactions: 0,
  };
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly maxTransientDelayMs: number;

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.maxTransientDelayMs = options.maxTransientDelayMs ?? 5000;
  }

  get name(): string {
    return this.options.name;
  }

  async start(): Promise<void> {
    this.stopping = false;
    if (this.options.batch && (this.options.inbox ?? true)) {
      throw new Error(`${this.options.name}: batch apply is only for consumers without an inbox`);
    }
    this.subscription = await this.options.transport.subscribe(
      this.options.name,
      this.options.topics,
      (message, control) => this.handle(message, control),
      this.options.batch
        ? (messages, control) => this.handleBatch(messages, control)
        : (messages, control) => this.handleEventBatch(messages, control),
      { bulk: this.options.batch !== undefined },
    );
    this.options.logger.info(
      { consumer: this.options.name, topics: this.options.topics },
      "consumer started",
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Resolves when the message is applied, skipped or dead-lettered; rejects only on stop. */
  async handle(message: IncomingMessage, control: DeliveryControl): Promise<void> {
    const started = process.hrtime.bigint();
    let failures = 0;
    let transientDelay = this.retryDelayMs;
    for (;;) {
      if (this.stopping) throw new ConsumerStoppingError();
      try {
        const event = this.options.decode
          ? this.options.decode(message)
          : parseEnvelope(message.value);
        const outcome = await this.apply(event);
        this.record(message, outcome, started, event.time);
        return;
      } catch (error) {
        if (this.stopping) throw new ConsumerStoppingError();
        if (isTransientError(error)) {
          transientDelay = await this.waitAfterTransient(error, transientDelay, control, "message");
          continue;
        }
        failures++;
        if (failures < this.maxAttempts) {
          this.stats.retries++;
          await sleep(this.retryDelayMs * failures);
          continue;
        }
        await this.deadLetter(message, error, failures, control);
        this.record(message, "dead_lettered", started);
        return;
      }
    }
  }

  /**
   * A batch in one transaction. Undecodable and rejected messages are dead-lettered one by one;
   * a transient failure retries the batch; any other failure falls back to one message at a
   * time, so one poison message cannot hold the others back.
   */
  async handleBatch(messages: IncomingMessage[], control: DeliveryControl): Promise<void> {
    const started = process.hrtime.bigint();
    const decode =
      this.options.decode ?? ((message: IncomingMessage) => parseEnvelope(message.value));
    const decoded: { message: IncomingMessage; event: EventEnvelope }[] = [];
    for (const message of messages) {
      try {
        decoded.push({ message, event: decode(message) });
      } catch (error) {
        await this.deadLetter(message, error, 1, control);
        this.record(message, "dead_lettered", started);
      }
    }
    if (decoded.length === 0) return;
    const reasons = await this.inBatchTransaction(
      decoded.map((item) => item.message),
      control,
      (tx) =>
        this.options.batch!(
          tx,
          decoded.map((item) => item.event),
        ),
    );
    if (!reasons) return;
    let applied = 0;
    for (const [index, { message }] of decoded.entries()) {
      const reason = reasons[index];
      if (!reason) {
        applied++;
        continue;
      }
      await this.deadLetter(message, new Error(reason), 1, control);
      this.record(message, "dead_lettered", started);
    }
    this.stats.applied += applied;
    // One observation per batch: per-message bookkeeping would cost more than the upsert.
    if (applied > 0) {
      const last = decoded[decoded.length - 1]!;
      this.record(last.message, "applied", started, decoded[0]!.event.time, applied);
    }
  }

  /**
   * A fetched batch of envelopes in one transaction: one inbox statement for all of them, then
   * each new event's handler in order. Under load the commits (and their WAL flushes) are per
   * batch, not per event. A message that does not decode, or a handler failing for good, sends
   * the batch back to one message at a time (its dead-lettering); a transient failure retries it.
   */
  async handleEventBatch(messages: IncomingMessage[], control: DeliveryControl): Promise<void> {
    if (messages.length === 1) return this.handle(messages[0]!, control);
    const started = process.hrtime.bigint();
    const decode =
      this.options.decode ?? ((message: IncomingMessage) => parseEnvelope(message.value));
    let events: EventEnvelope[];
    try {
      events = messages.map((message) => decode(message));
    } catch {
      for (const message of messages) await this.handle(message, control);
      return;
    }
    const outcomes = await this.inBatchTransaction(messages, control, (tx) =>
      this.applyEvents(tx, events),
    );
    if (!outcomes) return;
    this.stats.batchTransactions++;
    outcomes.forEach((outcome, index) => {
      const event = events[index]!;
      this.count(event, outcome);
      this.record(messages[index]!, outcome, started, event.time);
    });
  }

  /**
   * Runs a batch's transaction: a transient failure (database or broker away) waits and runs it
   * again; any other failure sends the batch back to one message at a time, so one poison
   * message cannot hold the others back. Undefined when it fell back.
   */
  private async inBatchTransaction<T>(
    messages: IncomingMessage[],
    control: DeliveryControl,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T | undefined> {
    let transientDelay = this.retryDelayMs;
    for (;;) {
      if (this.stopping) throw new ConsumerStoppingError();
      try {
        return await this.options.dataSource.transaction(work);
      } catch (error) {
        if (this.stopping) throw new ConsumerStoppingError();
        if (isTransientError(error)) {
          transientDelay = await this.waitAfterTransient(error, transientDelay, control, "batch");
          continue;
        }
        this.options.logger.warn(
          { consumer: this.options.name, err: error, size: messages.length },
          "batch failed; handling its messages one by one",
        );
        for (const message of messages) await this.handle(message, control);
        return undefined;
      }
    }
  }

  /**
   * Applies events in order inside the caller's transaction: with the inbox, one statement
   * records every id and tells which are new (a copy inside the same batch counts once too).
   */
  private async applyEvents(tx: EntityManager, events: EventEnvelope[]): Promise<Outcome[]> {
    let fresh: Set<string> | undefined;
    if (this.options.inbox ?? true) {
      const inserted = (await tx.query(
        `INSERT INTO processed_event (consumer, event_id, event_type)
         SELECT $1, id, type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
         ON CONFLICT DO NOTHING RETURNING event_id::text AS id`,
        [this.options.name, events.map((event) => event.id), events.map((event) => event.type)],
      )) as { id: string }[];
      fresh = new Set(inserted.map((row) => row.id));
    }
    const outcomes: Outcome[] = [];
    for (const event of events) {
      if (fresh && !fresh.delete(event.id.toLowerCase())) {
        outcomes.push("duplicate");
        continue;
      }
      const handler = this.options.handlers[event.type];
      if (!handler) {
        outcomes.push("ignored");
        continue;
      }
      await this.inSpan(event, () => handler(tx, event));
      outcomes.push("applied");
    }
    return outcomes;
  }

  /**
   * A failure that goes away by itself (database or broker away) is retried for as long as it
   * lasts, backing off and keeping the group membership; returns the next delay.
   */
  private async waitAfterTransient(
    error: unknown,
    delayMs: number,
    control: DeliveryControl,
    what: "message" | "batch",
  ): Promise<number> {
    this.stats.retries++;
    this.options.logger.warn(
      { consumer: this.options.name, err: error, delayMs },
      `transient failure; will retry the ${what}`,
    );
    await sleep(delayMs);
    await control.heartbeat().catch(() => undefined);
    return Math.min(delayMs * 2, this.maxTransientDelayMs);
  }

  private record(
    message: IncomingMessage,
    outcome: Outcome | "dead_lettered",
    started: bigint,
    eventTime?: string,
    count = 1,
  ): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const sinceCommit = eventTime ? (Date.now() - Date.parse(eventTime)) / 1000 : undefined;
    metrics.eventHandled(
      this.options.name,
      outcome,
      Number(process.hrtime.bigint() - started) / 1e9,
      Number.isFinite(sinceCommit) ? sinceCommit : undefined,
      count,
    );
    if (message.highWatermark !== undefined) {
      const lag = BigInt(message.highWatermark) - BigInt(message.offset) - 1n;
      metrics.consumerLag(this.options.name, message.topic, message.partition, Number(lag));
    }
  }

  private async apply(event: EventEnvelope): Promise<Outcome> {
    const [outcome] = await this.options.dataSource.transaction((tx) =>
      this.applyEvents(tx, [event]),
    );
    this.count(event, outcome!);
    return outcome!;
  }

  /** Counts an outcome; an applied event's log line carries the producing request's id. */
  private count(event: EventEnvelope, outcome: Outcome): void {
    if (outcome === "duplicate") {
      this.stats.duplicates++;
      this.options.logger.debug(
        { consumer: this.options.name, eventId: event.id, requestId: event.correlationid },
        "duplicate skipped",
      );
    } else if (outcome === "ignored") {
      this.stats.ignored++;
    } else {
      this.stats.applied++;
      // One grep of the request id follows a request from the gateway to here.
      this.options.logger.debug(
        {
          consumer: this.options.name,
          type: event.type,
          eventId: event.id,
          requestId: event.correlationid,
        },
        "event applied",
      );
    }
  }

  /** The handler inside a CONSUMER span, child of the request that recorded the event. */
  private async inSpan(event: EventEnvelope, handle: () => Promise<void>): Promise<void> {
    const span = this.options.tracing?.startSpan(
      `consume ${event.type}`,
      SpanKind.CONSUMER,
      event.traceparent,
      {
        "messaging.system": "kafka",
        "messaging.consumer.group.name": this.options.name,
        "gcn.event_id": event.id,
        "gcn.request_id": event.correlationid,
      },
    );
    try {
      await handle();
    } catch (error) {
      span?.end(error);
      throw error;
    }
    span?.setAttributes({ "gcn.outcome": "applied" });
    span?.end();
  }

  private async deadLetter(
    message: IncomingMessage,
    error: unknown,
    attempts: number,
    control: DeliveryControl,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    let delay = this.retryDelayMs;
    // Publishing the dead letter can itself fail transiently; the message is not committed
    // until it is safely on the .dlq topic.
    for (;;) {
      if (this.stopping) throw new ConsumerStoppingError();
      try {
        await this.options.transport.publish([
          {
            topic: deadLetterTopic(message.topic),
            key: message.key ?? "",
            value: message.value ?? "",
            headers: {
              "gcn-error": reason.slice(0, 1000),
              "gcn-consumer": this.options.name,
              "gcn-attempts": String(attempts),
              "gcn-original-topic": message.topic,
              "gcn-original-partition": String(message.partition),
              "gcn-original-offset": message.offset,
            },
          },
        ]);
        break;
      } catch (publishError) {
        this.options.logger.warn({ err: publishError }, "dead-letter publish failed; retrying");
        await sleep(delay);
        delay = Math.min(delay * 2, this.maxTransientDelayMs);
        await control.heartbeat().catch(() => undefined);
      }
    }
    this.stats.deadLettered++;
    this.options.logger.error(
      { consumer: this.options.name, topic: message.topic, offset: message.offset, reason },
      "message dead-lettered",
    );
  }
}

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
import { deadLetterOf, PermanentEventError } from "./dead-letters";

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
 * can never be applied (not JSON, not an envelope, data its rules reject: a PermanentEventError)
 * goes to `<topic>.dlq` at once; one that keeps failing otherwise after `maxAttempts` tries, with
 * a heartbeat after every wait so that the member keeps its group; a transient failure (database
 * or broker down) is retried until it passes and never dead-lettered. A message is dead-lettered
 * once per consumer (the `dead_letter` log, by topic, partition and offset), however often it is
 * redelivered. The transport commits the offset only after this resolves.
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
        if (failures < this.maxAttempts && !(error instanceof PermanentEventError)) {
          this.stats.retries++;
          await sleep(this.retryDelayMs * failures);
          await control.heartbeat().catch(() => undefined);
          continue;
        }
        await this.deadLetter([{ message, error, attempts: failures }], control, started);
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
    const { decoded, undecodable } = this.decodeEach(messages, decode);
    await this.deadLetter(undecodable, control, started);
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
    const rejected = decoded.flatMap(({ message }, index) => {
      const reason = reasons[index];
      return reason ? [{ message, error: new PermanentEventError(reason), attempts: 1 }] : [];
    });
    await this.deadLetter(rejected, control, started);
    const applied = decoded.length - rejected.length;
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
    // What does not decode can never apply: dead-lettered at once, the rest still one batch.
    const { decoded, undecodable } = this.decodeEach(messages, decode);
    await this.deadLetter(undecodable, control, started);
    if (decoded.length === 0) return;
    const events = decoded.map((item) => item.event);
    const applicable = decoded.map((item) => item.message);
    const outcomes = await this.inBatchTransaction(applicable, control, (tx) =>
      this.applyEvents(tx, events),
    );
    if (!outcomes) return;
    this.stats.batchTransactions++;
    outcomes.forEach((outcome, index) => {
      const event = events[index]!;
      this.count(event, outcome);
      this.record(applicable[index]!, outcome, started, event.time);
    });
  }

  /** Decodes each message on its own: one that does not decode holds none of the others back. */
  private decodeEach(
    messages: IncomingMessage[],
    decode: (message: IncomingMessage) => EventEnvelope,
  ) {
    const decoded: { message: IncomingMessage; event: EventEnvelope }[] = [];
    const undecodable: DeadLetterItem[] = [];
    for (const message of messages) {
      try {
        decoded.push({ message, event: decode(message) });
      } catch (error) {
        undecodable.push({ message, error, attempts: 1 });
      }
    }
    return { decoded, undecodable };
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
        for (const message of messages) {
          await this.handle(message, control);
          await control.heartbeat().catch(() => undefined);
        }
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

  /**
   * Sends messages to their `.dlq` topics (one publish for all of them) and logs them in
   * `dead_letter` in the same transaction: a message already logged by this consumer (a rewind,
   * a redelivery after a lost commit) is not sent again. The offsets are not committed until this
   * resolves; a failed publish or database is waited out, heartbeating, and tried again.
   */
  private async deadLetter(
    items: DeadLetterItem[],
    control: DeliveryControl,
    started: bigint,
  ): Promise<void> {
    if (items.length === 0) return;
    const reasons = items.map(({ error }) =>
      (error instanceof Error ? error.message : String(error)).slice(0, 1000),
    );
    const durableOffsets = this.options.transport.kind === "kafka";
    let delay = this.retryDelayMs;
    let sent: number[] = [];
    for (;;) {
      if (this.stopping) throw new ConsumerStoppingError();
      try {
        // In-process offsets restart with the process: they name no message for good.
        if (!durableOffsets) {
          await this.options.transport.publish(
            items.map((item, index) => this.deadLetterCopy(item, reasons[index]!)),
          );
          sent = items.map((_, index) => index);
          break;
        }
        sent = await this.options.dataSource.transaction(async (tx) => {
          const logged = (await tx.query(
            `INSERT INTO dead_letter (consumer, topic, partition, "offset", reason)
             SELECT $1, topic, partition, "offset", reason
             FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[])
               AS d(topic, partition, "offset", reason)
             ON CONFLICT DO NOTHING
             RETURNING topic, partition, "offset"::text AS "offset"`,
            [
              this.options.name,
              items.map(({ message }) => message.topic),
              items.map(({ message }) => message.partition),
              items.map(({ message }) => message.offset),
              reasons,
            ],
          )) as { topic: string; partition: number; offset: string }[];
          const fresh = new Set(logged.map(offsetKey));
          const indexes = items.flatMap(({ message }, index) =>
            fresh.has(offsetKey(message)) ? [index] : [],
          );
          await this.options.transport.publish(
            indexes.map((index) => this.deadLetterCopy(items[index]!, reasons[index]!)),
          );
          return indexes;
        });
        break;
      } catch (error) {
        if (this.stopping) throw new ConsumerStoppingError();
        this.options.logger.warn({ err: error }, "dead-lettering failed; retrying");
        await sleep(delay);
        delay = Math.min(delay * 2, this.maxTransientDelayMs);
        await control.heartbeat().catch(() => undefined);
      }
    }
    this.stats.deadLettered += sent.length;
    for (const index of sent) {
      const { message } = items[index]!;
      this.options.logger.error(
        {
          consumer: this.options.name,
          topic: message.topic,
          offset: message.offset,
          reason: reasons[index],
        },
        "message dead-lettered",
      );
    }
    for (const { message } of items) this.record(message, "dead_lettered", started);
  }

  private deadLetterCopy(item: DeadLetterItem, reason: string) {
    return deadLetterOf(item.message, this.options.name, reason, item.attempts);
  }
}

const offsetKey = (at: { topic: string; partition: number; offset: string }) =>
  `${at.topic}/${at.partition}/${at.offset}`;

interface DeadLetterItem {
  message: IncomingMessage;
  error: unknown;
  attempts: number;
}

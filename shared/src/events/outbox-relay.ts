import { faultAfterRelaySend } from "../config/fault-points";
import type { EventMetrics } from "../observability/service-metrics";
import { Client } from "pg";
import type { Logger } from "../logging/logger";
import type { EventTransport, OutgoingMessage } from "./event-transport";
import { OUTBOX_CHANNEL } from "./record-event";

export interface OutboxRelayOptions {
  databaseUrl: string;
  transport: EventTransport;
  logger: Logger;
  /** Names the advisory lock: one active relay per service, however many replicas run. */
  lockName: string;
  batchSize?: number;
  /** Counts and latencies for /metrics. */
  metrics?: EventMetrics;
  /** Safety-net poll when no NOTIFY arrives (lost notification, standby relay). */
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  aggregateid: string;
  payload: unknown;
  /** Seconds since the row was written. */
  age: number;
}

/**
 * Publishes unpublished outbox rows in `seq` order, then marks them published. Woken by
 * LISTEN/NOTIFY on commit, with a slow poll as a safety net. A crash between publish and mark
 * republishes those rows (consumers drop the duplicates); nothing is ever skipped.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private client?: Client;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private wakeable = true;
  private pendingWake = false;
  private active = false;
  /** Counters for logs, /ready and tests. */
  readonly stats = { published: 0, batches: 0, failures: 0 };

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
  }

  /** True while this process holds the service's relay lock. */
  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    this.wake?.();
    await this.loop;
  }

  /** Asks the relay to look at the outbox now (also what NOTIFY does). */
  notify(): void {
    this.pendingWake = true;
    if (this.wakeable) this.wake?.();
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        await this.connect();
        backoff = 200;
        if (!this.active) {
          this.active = await this.tryLock();
          if (!this.active) {
            // Another replica publishes; its NOTIFYs must not make this one spin on the lock.
            this.pendingWake = false;
            await this.idle(this.pollIntervalMs);
            continue;
          }
          this.options.logger.info({ lock: this.options.lockName }, "outbox relay is active");
        }
        const count = await this.drain();
        if (count === 0) await this.idle(this.pollIntervalMs);
      } catch (error) {
        this.stats.failures++;
        this.options.logger.warn({ err: error }, "outbox relay failed; retrying");
        await this.disconnect();
        await this.idle(backoff, true);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    if (this.client) return;
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on("error", (error) => {
      this.options.logger.warn({ err: error }, "outbox relay connection lost");
      if (this.client === client) {
        this.client = undefined;
        this.active = false;
      }
      this.notify();
    });
    client.on("notification", () => this.notify());
    await client.connect();
    // This connection only marks rows published. A mark that a database crash loses means the
    // rows are sent again, which the consumers' inboxes absorb, so its commits need not wait for
    // the WAL flush: the next batch is read (and sent) that much sooner.
    await client.query(`SET synchronous_commit = off`);
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.client = client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.active = false;
    if (client) await client.end().catch(() => undefined);
  }

  private async tryLock(): Promise<boolean> {
    const result = await this.client!.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
      [`outbox-relay:${this.options.lockName}`],
    );
    return result.rows[0]!.locked;
  }

  /**
   * Publishes batches until the outbox is empty; returns how many rows it published. A sent
   * batch is marked published by the statement that reads the next one (one round trip per
   * batch instead of two); the last one by a statement of its own.
   */
  private async drain(): Promise<number> {
    let total = 0;
    let sent: string[] = [];
    try {
      while (this.running && this.client) {
        this.pendingWake = false;
        const { rows } = await this.client.query<OutboxRow>(
          sent.length === 0
            ? `SELECT id, topic, aggregateid, payload,
                      extract(epoch FROM clock_timestamp() - created_at)::float8 AS age
               FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`
            : // The CTE's update is not visible to the SELECT: the sent ids are left out by hand.
              `WITH marked AS (
                 UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL
                 WHERE id = ANY($2::uuid[])
               )
               SELECT id, topic, aggregateid, payload,
                      extract(epoch FROM clock_timestamp() - created_at)::float8 AS age
               FROM outbox WHERE published_at IS NULL AND id <> ALL($2::uuid[])
               ORDER BY seq LIMIT $1`,
          sent.length === 0 ? [this.batchSize] : [this.batchSize, sent],
        );
        sent = [];
        if (rows.length === 0) return total;
        const messages: OutgoingMessage[] = rows.map((row) => ({
          topic: row.topic,
          key: row.aggregateid,
          value: JSON.stringify(row.payload),
          headers: { "content-type": "application/cloudevents+json" },
        }));
        const ids = rows.map((row) => row.id);
        const sendStarted = process.hrtime.bigint();
        try {
          await this.options.transport.publish(messages);
        } catch (error) {
          await this.client.query(
            `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`,
            [ids, String(error instanceof Error ? error.message : error).slice(0, 1000)],
          );
          throw error;
        }
        // Test-only: the drills kill the process here, after the broker has the batch.
        faultAfterRelaySend(this.stats.batches + 1);
        sent = ids;
        const sendSeconds = Number(process.hrtime.bigint() - sendStarted) / 1e9;
        this.options.metrics?.outboxPublished(rows.length, sendSeconds, rows[0]!.age + sendSeconds);
        this.stats.published += rows.length;
        this.stats.batches++;
        total += rows.length;
      }
      return total;
    } finally {
      // Stopping (or a lost connection) after a send: mark it now if the connection allows;
      // otherwise it is sent again later, which the consumers' inboxes absorb.
      if (sent.length > 0 && this.client) {
        await this.client
          .query(
            `UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL
             WHERE id = ANY($1::uuid[])`,
            [sent],
          )
          .catch(() => undefined);
      }
    }
  }

  /**
   * Waits `ms`. stop() ends the wait; so does a wake-up (NOTIFY, a lost connection), except in a
   * retry's back-off: those would make the relay retry at once, hundreds of times a second,
   * against a database that is away.
   */
  private async idle(ms: number, backoff = false): Promise<void> {
    if (!this.running || (!backoff && this.pendingWake)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      this.wakeable = !backoff;
    });
    this.wake = undefined;
  }
}

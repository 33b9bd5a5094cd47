import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { LabelledCounter, LabelledHistogram } from "./labelled-metrics";

/** Seconds, from a fast in-memory answer to a slow cross-service one. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Operation names come from clients; past this many distinct ones they are counted as "other". */
const MAX_OPERATION_NAMES = 200;

/** What the outbox relay and consumers report; a no-op when metrics are not wired. */
export interface EventMetrics {
  outboxPublished(count: number, sendSeconds: number, oldestAgeSeconds: number): void;
  eventHandled(
    consumer: string,
    outcome: "applied" | "duplicate" | "ignored" | "dead_lettered",
    handleSeconds: number,
    sinceCommitSeconds?: number,
    count?: number,
  ): void;
  consumerLag(consumer: string, topic: string, partition: number, lag: number): void;
}

/**
 * One Prometheus registry per service (the embedded launcher runs four services in one process,
 * so the global registry would mix them). Served on GET /metrics.
 */
export class ServiceMetrics implements EventMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests: LabelledCounter;
  private readonly requestSeconds: LabelledHistogram;
  private readonly published: LabelledCounter;
  private readonly publishSeconds: LabelledHistogram;
  private readonly publishDelaySeconds: LabelledHistogram;
  private readonly handled: LabelledCounter;
  private readonly handleSeconds: LabelledHistogram;
  private readonly eventLatencySeconds: LabelledHistogram;
  private readonly lag: Gauge<"consumer" | "topic" | "partition">;

  constructor(
    readonly service: string,
    options: { defaultMetrics?: boolean } = {},
  ) {
    this.registry.setDefaultLabels({ service });
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: "gcn_" });
    }
    const registers = [this.registry];
    this.requests = new LabelledCounter({
      name: "gcn_graphql_requests_total",
      help: "GraphQL requests answered, by operation name and outcome (ok or the first error code)",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.requestSeconds = new LabelledHistogram({
      name: "gcn_graphql_request_duration_seconds",
      help: "Time from receiving a GraphQL request to sending its response",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.published = new LabelledCounter({
      name: "gcn_outbox_published_total",
      help: "Outbox rows published to the broker",
      registers,
    });
    this.publishSeconds = new LabelledHistogram({
      name: "gcn_outbox_publish_duration_seconds",
      help: "Time for one relay batch to be acknowledged by the broker",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.publishDelaySeconds = new LabelledHistogram({
      name: "gcn_outbox_publish_delay_seconds",
      help: "Age of the oldest row of each relay batch when it was published (commit to broker)",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.handled = new LabelledCounter({
      name: "gcn_events_handled_total",
      help: "Events a consumer handled: applied, duplicate (skipped), ignored or dead_lettered",
      labelNames: ["consumer", "outcome"],
      registers,
    });
    this.handleSeconds = new LabelledHistogram({
      name: "gcn_event_processing_duration_seconds",
      help: "Time to apply one event, retries included",
      labelNames: ["consumer"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventLatencySeconds = new LabelledHistogram({
      name: "gcn_event_end_to_end_seconds",
      help: "From the producing transaction to the consumer's projection being committed",
      labelNames: ["consumer"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.lag = new Gauge({
      name: "gcn_consumer_lag_messages",
      help: "Messages on the partition not yet handled by the consumer group (at its last batch)",
      labelNames: ["consumer", "topic", "partition"],
      registers,
    });
  }

  /** Adds a gauge read at scrape time (pool use, outbox backlog). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  private operationLabel(operationName: string | null | undefined): string {
    if (!operationName) return "anonymous";
    if (this.operationNames.has(operationName)) return operationName;
    if (!/^[A-Za-z_]\w{0,63}$/.test(operationName)) return "invalid";
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return "other";
    this.operationNames.add(operationName);
    return operationName;
  }

  requestAnswered(operationName: string | null | undefined, outcome: string, seconds: number) {
    const operation = this.operationLabel(operationName);
    this.requests.inc([operation, outcome]);
    this.requestSeconds.observe([operation], seconds);
  }

  /** Adds a counter read at scrape time from a running total kept elsewhere (SQL statements). */
  counterFrom(name: string, help: string, read: () => number): void {
    let reported = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        const total = read();
        if (total > reported) this.inc(total - reported);
        reported = total;
      },
    });
  }

  outboxPublished(count: number, sendSeconds: number, oldestAgeSeconds: number): void {
    this.published.inc([], count);
    this.publishSeconds.observe([], sendSeconds);
    this.publishDelaySeconds.observe([], Math.max(0, oldestAgeSeconds));
  }

  eventHandled(
    consumer: string,
    outcome: "applied" | "duplicate" | "ignored" | "dead_lettered",
    handleSeconds: number,
    sinceCommitSeconds?: number,
    count = 1,
  ): void {
    this.handled.inc([consumer, outcome], count);
    this.handleSeconds.observe([consumer], handleSeconds);
    if (outcome === "applied" && sinceCommitSeconds !== undefined && sinceCommitSeconds >= 0) {
      this.eventLatencySeconds.observe([consumer], sinceCommitSeconds);
    }
  }

  consumerLag(consumer: string, topic: string, partition: number, lag: number): void {
    this.lag.set({ consumer, topic, partition: String(partition) }, Math.max(0, lag));
  }

  /** The text exposition format Prometheus scrapes. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

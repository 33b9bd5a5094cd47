import type { Router } from "express";
import type { DataSource } from "typeorm";
import type { ServiceConfig } from "../config/platform-config";
import {
  EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
} from "../events/event-consumer";
import type { EventTransport } from "../events/event-transport";
import { InProcessTransport } from "../events/in-process-transport";
import { KafkaTransport } from "../events/kafka-transport";
import { OutboxRelay } from "../events/outbox-relay";
import { allTopics } from "../events/topics";
import type { Logger } from "../logging/logger";
import { installFaultPoints } from "../config/fault-points";
import { statementsSent } from "../database/database-setup";
import { ServiceMetrics } from "../observability/service-metrics";
import { Tracing } from "../observability/tracing";
import type { BuiltSubgraph } from "./build-subgraph-schema";
import { SubgraphServer } from "./subgraph-server";

interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
interface PoolQuery {
  query(sql: string): Promise<{ rows: { n?: number }[] }>;
}

/** The transport the configuration asks for: Kafka when KAFKA_BROKERS is set, else in-process. */
export function createTransport(config: ServiceConfig, logger: Logger): EventTransport {
  if (config.kafkaBrokers) {
    return new KafkaTransport({
      brokers: config.kafkaBrokers,
      clientId: `gcn-${config.serviceName}`,
      logger,
      topics: allTopics(),
      topicPrefix: config.kafkaTopicPrefix,
    });
  }
  return new InProcessTransport();
}

export interface ConsumerDefinition {
  /** Short name, e.g. "entities"; the group is `<CONSUMER_GROUP_PREFIX>.<service>.<name>`. */
  name: string;
  topics: string[];
  handlers: Record<string, EventHandler>;
  decode?: EventConsumerOptions["decode"];
  inbox?: boolean;
  batch?: EventConsumerOptions["batch"];
}

export interface ServiceRuntimeOptions {
  config: ServiceConfig;
  logger: Logger;
  dataSource: DataSource;
  subgraph: BuiltSubgraph;
  transport: EventTransport;
  /** True when this runtime created the transport and so must close it (not a shared one). */
  ownsTransport: boolean;
  consumers?: ConsumerDefinition[];
  /** What the service runs beside its subgraph (routes, a renderer); stopped with it. */
  extension?: ServiceExtension;
}

/**
 * What a service adds to the kit's runtime: HTTP routes beside /graphql (behind the signed
 * identity), consumers that need its own parts, and a stop for what it started.
 */
export interface ServiceExtension {
  routes?: { path: string; router: Router };
  consumers?: ConsumerDefinition[];
  /**
   * Where the gateway answers, once it does: a service that is a client of the one endpoint
   * (the briefings read their data through it) learns it here, or from its own configuration.
   */
  gatewayReady?(graphqlUrl: string): void;
  /**
   * Called as the consumers are told to stop (they take no new message by then): work in
   * flight that is the extension's own is cut short; its message is not acknowledged.
   */
  stop?(): Promise<void>;
}

/**
 * Runs one subgraph service: migrations, outbox relay, event consumers, HTTP server; stops them
 * in reverse order. `main.ts` of every service and the embedded launcher use it.
 */
export class ServiceRuntime {
  readonly relay: OutboxRelay;
  readonly consumers: EventConsumer[];
  readonly server: SubgraphServer;
  readonly metrics: ServiceMetrics;
  readonly tracing: Tracing;
  port = 0;

  constructor(private readonly options: ServiceRuntimeOptions) {
    const { config, logger, dataSource, transport } = options;
    this.metrics = new ServiceMetrics(config.serviceName);
    this.tracing = Tracing.start(config.serviceName, config.tracing);
    installFaultPoints(config.faults);
    this.registerGauges();
    this.relay = new OutboxRelay({
      metrics: this.metrics,
      databaseUrl: config.databaseUrl,
      transport,
      logger: logger.child({ component: "outbox-relay" }),
      lockName: config.serviceName,
    });
    this.consumers = [...(options.consumers ?? []), ...(options.extension?.consumers ?? [])].map(
      (definition) =>
        new EventConsumer({
          ...definition,
          name: `${config.consumerGroupPrefix}.${config.serviceName}.${definition.name}`,
          dataSource,
          transport,
          metrics: this.metrics,
          tracing: this.tracing,
          logger: logger.child({ component: "consumer", consumer: definition.name }),
        }),
    );
    this.server = new SubgraphServer({
      name: config.serviceName,
      schema: options.subgraph.schema,
      gatewaySecret: config.previousGatewaySecret
        ? [config.gatewaySecret, config.previousGatewaySecret]
        : config.gatewaySecret,
      logger,
      metrics: this.metrics,
      tracing: this.tracing,
      readiness: () => this.readiness(),
      routes: options.extension?.routes,
    });
  }

  /** Tells the service where the gateway answers (see ServiceExtension.gatewayReady). */
  gatewayReady(graphqlUrl: string): void {
    this.options.extension?.gatewayReady?.(graphqlUrl);
  }

  private registerGauges(): void {
    const dataSource = this.options.dataSource;
    // pg's pool behind TypeORM; read directly so that scraping runs no statement through it.
    const pool = () => (dataSource.driver as unknown as { master?: PoolStats & PoolQuery }).master;
    this.metrics.counterFrom(
      "gcn_sql_statements_total",
      "SQL statements the service sent to PostgreSQL through its data source",
      () => statementsSent(dataSource),
    );
    this.metrics.gauge(
      "gcn_db_pool_connections",
      "Open connections in the pool",
      () => pool()?.totalCount ?? 0,
    );
    this.metrics.gauge(
      "gcn_db_pool_idle",
      "Idle connections in the pool",
      () => pool()?.idleCount ?? 0,
    );
    this.metrics.gauge(
      "gcn_db_pool_waiting",
      "Queries waiting for a free connection",
      () => pool()?.waitingCount ?? 0,
    );
    this.metrics.gauge("gcn_outbox_backlog", "Outbox rows not yet published", async () => {
      const master = pool();
      if (!master || !dataSource.isInitialized) return 0;
      const result = await master
        .query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)
        .catch(() => ({ rows: [{ n: -1 }] }));
      return Number(result.rows[0]?.n ?? 0);
    });
    this.metrics.gauge("gcn_outbox_relay_active", "1 when this replica holds the relay lock", () =>
      this.relay.isActive ? 1 : 0,
    );
  }

  get dataSource(): DataSource {
    return this.options.dataSource;
  }

  private async readiness(): Promise<Record<string, boolean>> {
    const database = await this.options.dataSource
      .query("SELECT 1")
      .then(() => true)
      .catch(() => false);
    const checks: Record<string, boolean> = { database };
    if (this.options.transport.kind === "kafka")
      checks.kafka = await this.options.transport.isReachable();
    return checks;
  }

  async start(): Promise<number> {
    const { config, logger, dataSource } = this.options;
    if (!dataSource.isInitialized) await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: "each" });
    if (ran.length > 0) logger.info({ migrations: ran.map((m) => m.name) }, "migrations applied");
    this.relay.start();
    for (const consumer of this.consumers) await consumer.start();
    this.port = await this.server.listen(config.port, config.host);
    logger.info(
      { port: this.port, transport: this.options.transport.kind },
      `${config.serviceName} ready`,
    );
    return this.port;
  }

  async stop(): Promise<void> {
    await this.server.close();
    // Together: each waits for its fetch in flight before it commits and leaves its group.
    const consumersStopped = Promise.all(this.consumers.map((consumer) => consumer.stop()));
    // The extension stops beside them, not after: a handler still at long work of its own (a
    // briefing's PDF) fails at once, and its event, never acknowledged, applies after a restart.
    await Promise.all([consumersStopped, this.options.extension?.stop?.()]);
    await this.relay.stop();
    if (this.options.ownsTransport) await this.options.transport.close();
    if (this.options.dataSource.isInitialized) await this.options.dataSource.destroy();
    await this.tracing.shutdown().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "could not send the last spans");
    });
  }
}

/** Stops the runtime on SIGTERM/SIGINT, forcing exit if it takes longer than `graceMs`. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, graceMs = 10_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}

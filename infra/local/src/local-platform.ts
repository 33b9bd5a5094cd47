import { mkdirSync } from "node:fs";
import path from "node:path";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import {
  createLogger,
  ensureDatabase,
  EnvReader,
  InProcessTransport,
  SERVICE_REGISTRY,
  startEmbeddedPostgres,
  type Logger,
  type RunningPostgres,
  type ServiceRuntime,
} from "@gcn/shared";
import { seedDemoPlatform } from "./demo-seed";
import { databaseOn, type LocalConfig } from "./local-config";
import { startPlatformServices, subgraphUrlsOf, subgraphUrlVariables } from "./platform-services";

export interface RunningPlatform {
  gatewayUrl: string;
  services: Record<string, ServiceRuntime>;
  stop(): Promise<void>;
}

/**
 * Starts the whole platform in one process: PostgreSQL (embedded in .data/ unless DATABASE_URL
 * is given), every subgraph on its port, the gateway. Events go through one in-process transport
 * unless KAFKA_BROKERS is set. Demo data is loaded on first start.
 */
export async function startLocalPlatform(
  config: LocalConfig,
  logger: Logger = createLogger("local"),
): Promise<RunningPlatform> {
  const stops: { what: string; stop: () => Promise<void> }[] = [];
  // Last started, first stopped: the gateway, then the services (HTTP drained, consumers
  // committed and out of their groups, relays stopped), then PostgreSQL.
  const stop = async () => {
    for (const { what, stop: step } of stops.reverse()) {
      const started = Date.now();
      await step().catch((error: unknown) => logger.warn({ err: error, what }, "stop step failed"));
      logger.info({ what, ms: Date.now() - started }, "stopped");
    }
  };
  try {
    let serverUrl = config.databaseUrl;
    if (!serverUrl) {
      const dir = path.join(config.dataDir, "postgres");
      mkdirSync(config.dataDir, { recursive: true });
      const pg: RunningPostgres = await startEmbeddedPostgres(dir, config.embeddedPostgresPort);
      stops.push({ what: "postgres", stop: () => pg.stop() });
      serverUrl = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPostgresPort}/postgres`;
      logger.info({ dir, port: config.embeddedPostgresPort }, "embedded PostgreSQL running");
    }
    const overrides: Record<string, string | undefined> = {};
    for (const service of SERVICE_REGISTRY) {
      const url = databaseOn(serverUrl, service.database);
      await ensureDatabase(url);
      overrides[`${service.name.toUpperCase()}_DATABASE_URL`] = url;
    }
    const env = new EnvReader({
      ...process.env,
      ...overrides,
      PORT: undefined,
      GCN_TIME_ZONE: config.timeZone,
      BRIEFINGS_GATEWAY_URL:
        process.env.BRIEFINGS_GATEWAY_URL ?? `http://127.0.0.1:${config.gatewayPort}/graphql`,
    });
    // One broker for all services in this process, unless Kafka is configured.
    const transport = config.kafkaBrokers ? undefined : new InProcessTransport();

    const services = await startPlatformServices(env, {
      logger,
      transport,
      onStarted: (name, stopService) => stops.push({ what: name, stop: stopService }),
    });

    if (config.seedDemoData) {
      await seedDemoPlatform(services, config.timeZone, logger);
    }

    const gateway = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          ...process.env,
          GATEWAY_PORT: String(config.gatewayPort),
          PORT: undefined,
          // The ports the services really listen on (each may be moved by <NAME>_PORT).
          ...subgraphUrlVariables(subgraphUrlsOf(services)),
        }),
      ),
      logger.child({ service: "gateway" }),
      transport,
    );
    await gateway.listen();
    stops.push({ what: "gateway", stop: () => gateway.close() });
    // The briefings read their data through the gateway, which starts after them.
    for (const runtime of Object.values(services)) {
      runtime.gatewayReady(`http://127.0.0.1:${gateway.port}/graphql`);
    }
    return {
      gatewayUrl: `http://localhost:${gateway.port}/graphql`,
      services,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

import { mkdirSync } from "node:fs";
import path from "node:path";
import { createEntitiesService, readEntitiesConfig } from "@gcn/entities";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import { createInitiativesService, readInitiativesConfig } from "@gcn/initiatives";
import { createPlanService, readPlanConfig } from "@gcn/plan";
import { createReputationService, readReputationConfig } from "@gcn/reputation";
import {
  createLogger,
  ensureDatabase,
  EnvReader,
  InProcessTransport,
  startEmbeddedPostgres,
  type Logger,
  type RunningPostgres,
  type ServiceRuntime,
} from "@gcn/shared";
import { seedDemoPlatform } from "./demo-seed";
import { databaseOn, type LocalConfig } from "./local-config";

/** The services the launcher runs, with the database each one owns. */
const SERVICES = [
  { name: "entities", database: "gcn_entities" },
  { name: "plan", database: "gcn_plan" },
  { name: "initiatives", database: "gcn_initiatives" },
  { name: "reputation", database: "gcn_reputation" },
] as const;

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
    for (const service of SERVICES) {
      const url = databaseOn(serverUrl, service.database);
      await ensureDatabase(url);
      overrides[`${service.name.toUpperCase()}_DATABASE_URL`] = url;
    }
    const env = new EnvReader({
      ...process.env,
      ...overrides,
      PORT: undefined,
      GCN_TIME_ZONE: config.timeZone,
    });
    // One broker for all services in this process, unless Kafka is configured.
    const transport = config.kafkaBrokers ? undefined : new InProcessTransport();

    const entities = await createEntitiesService({
      config: readEntitiesConfig(env),
      logger: logger.child({ service: "entities" }),
      transport,
    });
    await entities.start();
    stops.push({ what: "entities", stop: () => entities.stop() });
    const plan = await createPlanService({
      config: readPlanConfig(env),
      logger: logger.child({ service: "plan" }),
      transport,
    });
    await plan.start();
    stops.push({ what: "plan", stop: () => plan.stop() });
    const initiatives = await createInitiativesService({
      config: readInitiativesConfig(env),
      logger: logger.child({ service: "initiatives" }),
      transport,
    });
    await initiatives.start();
    stops.push({ what: "initiatives", stop: () => initiatives.stop() });
    const reputation = await createReputationService({
      config: readReputationConfig(env),
      logger: logger.child({ service: "reputation" }),
      transport,
    });
    await reputation.start();
    stops.push({ what: "reputation", stop: () => reputation.stop() });

    if (config.seedDemoData) {
      await seedDemoPlatform({ entities, plan, initiatives, reputation }, config.timeZone, logger);
    }

    const gateway = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          ...process.env,
          GATEWAY_PORT: String(config.gatewayPort),
          PORT: undefined,
          // The ports the services really listen on (each may be moved by <NAME>_PORT).
          SUBGRAPH_URL_ENTITIES: `http://127.0.0.1:${entities.port}/graphql`,
          SUBGRAPH_URL_PLAN: `http://127.0.0.1:${plan.port}/graphql`,
          SUBGRAPH_URL_INITIATIVES: `http://127.0.0.1:${initiatives.port}/graphql`,
          SUBGRAPH_URL_REPUTATION: `http://127.0.0.1:${reputation.port}/graphql`,
        }),
      ),
      logger.child({ service: "gateway" }),
    );
    await gateway.listen();
    stops.push({ what: "gateway", stop: () => gateway.close() });
    return {
      gatewayUrl: `http://localhost:${gateway.port}/graphql`,
      services: { entities, plan, initiatives, reputation },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

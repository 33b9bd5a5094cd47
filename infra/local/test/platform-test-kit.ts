import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  composeSupergraph,
  GatewayServer,
  readGatewayConfig,
  registeredSubgraphs,
  REPO_ROOT,
  signDevToken,
} from "@gcn/gateway";
import {
  createLogger,
  DEV_JWT_SECRET,
  EnvReader,
  InProcessTransport,
  SERVICE_REGISTRY,
  type Logger,
  type Role,
  type ServiceRuntime,
} from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  postGraphQL,
  withinDeadline,
  type GraphQLResponse,
} from "@gcn/shared/testing";
import { seedDemoPlatform } from "../src/demo-seed";
import {
  startPlatformServices,
  subgraphUrlsOf,
  subgraphUrlVariables,
} from "../src/platform-services";

/** A stop step of the platform takes a second or two; one that hangs is named after this. */
const STEP_DEADLINE_MS = 60_000;

export interface TestPlatform {
  entities: ServiceRuntime;
  plan: ServiceRuntime;
  initiatives: ServiceRuntime;
  reputation: ServiceRuntime;
  briefings: ServiceRuntime;
  gateway: GatewayServer;
  /** The prefix of this run's Kafka topics (empty in-process). */
  topicPrefix: string;
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  token(roles: Role[], entityId?: string): Promise<string>;
  as<T = Record<string, unknown>>(
    roles: Role[],
    query: string,
    variables?: Record<string, unknown>,
    entityId?: string,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * The platform as users meet it, on fresh databases and free ports: the entities, plan and
 * initiatives subgraphs behind the gateway; events in-process, or over Kafka (each service its own client, consumer
 * groups unique to this run) when brokers are given.
 */
export async function startPlatformForTest(
  options: {
    kafkaBrokers?: string[];
    seedDemoData?: boolean;
    /** More of the gateway's environment, e.g. a subscription limit to reach in a test. */
    gatewayEnv?: Record<string, string>;
  } = {},
): Promise<TestPlatform> {
  const logger = createLogger("platform-test", process.env.PLATFORM_TEST_LOG ?? "silent");
  const databases: Record<string, string> = {};
  for (const { name } of SERVICE_REGISTRY) {
    databases[name] = await createTestDatabase(`system_${name}`);
  }
  const run = randomUUID().slice(0, 8);
  const common = {
    HOST: "127.0.0.1",
    KAFKA_BROKERS: options.kafkaBrokers?.join(","),
    // Topics and groups of their own: other runs' events on a shared broker stay out.
    CONSUMER_GROUP_PREFIX: `test-${run}`,
    KAFKA_TOPIC_PREFIX: `test-${run}.`,
    // The gateway listens after the services (gatewayReady): until then the briefings' issuer
    // finds nobody (port 9, discard) and retries, rather than asking some other gateway.
    BRIEFINGS_GATEWAY_URL: "http://127.0.0.1:9/graphql",
  };
  const perService = Object.fromEntries(
    SERVICE_REGISTRY.flatMap(({ name }) => [
      [`${name.toUpperCase()}_DATABASE_URL`, databases[name]],
      [`${name.toUpperCase()}_PORT`, "0"],
    ]),
  );
  const transport = options.kafkaBrokers ? undefined : new InProcessTransport();
  const services = await startPlatformServices(new EnvReader({ ...common, ...perService }), {
    logger,
    transport,
  });
  const { entities, plan, initiatives, reputation, briefings } = services;
  if (options.seedDemoData) {
    await seedDemoPlatform(services, "Asia/Bahrain", logger);
  }
  const subgraphUrls = subgraphUrlsOf(services);
  const gateway = new GatewayServer(
    readGatewayConfig(
      new EnvReader({
        GATEWAY_PORT: "0",
        HOST: "127.0.0.1",
        KAFKA_BROKERS: common.KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: options.kafkaBrokers ? common.KAFKA_TOPIC_PREFIX : undefined,
        ...subgraphUrlVariables(subgraphUrls),
        ...options.gatewayEnv,
      }),
    ),
    logger,
    transport,
  );
  await gateway.listen();
  const gatewayUrl = `http://127.0.0.1:${gateway.port}/graphql`;
  for (const service of Object.values(services)) service.gatewayReady(gatewayUrl);
  const token = (roles: Role[], entityId?: string) =>
    signDevToken(DEV_JWT_SECRET, { sub: `test-${roles.join("-").toLowerCase()}`, roles, entityId });
  return {
    entities,
    plan,
    initiatives,
    reputation,
    briefings,
    gateway,
    topicPrefix: options.kafkaBrokers ? common.KAFKA_TOPIC_PREFIX : "",
    gatewayUrl,
    subgraphUrls,
    token,
    as: async (roles, query, variables = {}, entityId) =>
      postGraphQL(gatewayUrl, query, variables, {
        authorization: `Bearer ${await token(roles, entityId)}`,
      }),
    stop: async () => {
      await withinDeadline("the gateway's stop", STEP_DEADLINE_MS, gateway.close());
      for (const [name, service] of Object.entries(services).reverse()) {
        await withinDeadline(`the ${name} service's stop`, STEP_DEADLINE_MS, service.stop());
      }
      for (const url of Object.values(databases)) await dropTestDatabase(url);
    },
  };
}

/** The supergraph of just the named registered subgraphs (composition must succeed). */
export function composedSupergraphOf(names: string[]): string {
  const result = composeSupergraph(
    REPO_ROOT,
    registeredSubgraphs().filter((subgraph) => names.includes(subgraph.name)),
  );
  assert.deepEqual(result.errors, []);
  return result.supergraphSdl!;
}

/** The sum of a counter's series in a gateway's /metrics whose line starts with `prefix`. */
export async function countedInMetrics(
  gatewayUrl: string,
  prefix: string,
  /** Labels the line must also carry, wherever prom-client puts them among the others. */
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(new URL("/metrics", gatewayUrl))).text();
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  return text
    .split("\n")
    .filter((line) => line.startsWith(prefix) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/**
 * One more gateway over the test platform's subgraphs (a setting to compare, a subgraph
 * behind a proxy): `env` is added to its environment, SUBGRAPH_URL_<NAME> overrides included.
 */
export async function startGatewayOver(
  subgraphUrls: Record<string, string>,
  env: Record<string, string>,
  /** Where its logs go (none by default): a test that reads what the gateway logged. */
  logger: Logger = createLogger("test-gateway", "silent"),
): Promise<{ url: string; close: () => Promise<void> }> {
  const gateway = new GatewayServer(
    readGatewayConfig(
      new EnvReader({
        GATEWAY_PORT: "0",
        HOST: "127.0.0.1",
        ...Object.fromEntries(
          Object.entries(subgraphUrls).map(([name, url]) => [
            `SUBGRAPH_URL_${name.toUpperCase()}`,
            url,
          ]),
        ),
        ...env,
      }),
    ),
    logger,
  );
  await gateway.listen();
  return { url: `http://127.0.0.1:${gateway.port}/graphql`, close: () => gateway.close() };
}

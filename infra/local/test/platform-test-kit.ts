import { randomUUID } from "node:crypto";
import { createEntitiesService, readEntitiesConfig } from "@gcn/entities";
import { GatewayServer, readGatewayConfig, signDevToken } from "@gcn/gateway";
import { createInitiativesService, readInitiativesConfig } from "@gcn/initiatives";
import { createPlanService, readPlanConfig } from "@gcn/plan";
import { createReputationService, readReputationConfig } from "@gcn/reputation";
import {
  createLogger,
  DEV_JWT_SECRET,
  EnvReader,
  InProcessTransport,
  type Role,
  type ServiceRuntime,
} from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  postGraphQL,
  type GraphQLResponse,
} from "@gcn/shared/testing";
import { seedDemoPlatform } from "../src/demo-seed";

export interface TestPlatform {
  entities: ServiceRuntime;
  plan: ServiceRuntime;
  initiatives: ServiceRuntime;
  reputation: ServiceRuntime;
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
  options: { kafkaBrokers?: string[]; seedDemoData?: boolean } = {},
): Promise<TestPlatform> {
  const logger = createLogger("platform-test", process.env.PLATFORM_TEST_LOG ?? "silent");
  const databases = {
    entities: await createTestDatabase("system_entities"),
    plan: await createTestDatabase("system_plan"),
    initiatives: await createTestDatabase("system_initiatives"),
    reputation: await createTestDatabase("system_reputation"),
  };
  const run = randomUUID().slice(0, 8);
  const common = {
    HOST: "127.0.0.1",
    KAFKA_BROKERS: options.kafkaBrokers?.join(","),
    // Topics and groups of their own: other runs' events on a shared broker stay out.
    CONSUMER_GROUP_PREFIX: `test-${run}`,
    KAFKA_TOPIC_PREFIX: `test-${run}.`,
  };
  const transport = options.kafkaBrokers ? undefined : new InProcessTransport();
  const entities = await createEntitiesService({
    config: readEntitiesConfig(
      new EnvReader({ ...common, ENTITIES_DATABASE_URL: databases.entities, ENTITIES_PORT: "0" }),
    ),
    logger,
    transport,
  });
  const plan = await createPlanService({
    config: readPlanConfig(
      new EnvReader({ ...common, PLAN_DATABASE_URL: databases.plan, PLAN_PORT: "0" }),
    ),
    logger,
    transport,
  });
  const initiatives = await createInitiativesService({
    config: readInitiativesConfig(
      new EnvReader({
        ...common,
        INITIATIVES_DATABASE_URL: databases.initiatives,
        INITIATIVES_PORT: "0",
      }),
    ),
    logger,
    transport,
  });
  const reputation = await createReputationService({
    config: readReputationConfig(
      new EnvReader({
        ...common,
        REPUTATION_DATABASE_URL: databases.reputation,
        REPUTATION_PORT: "0",
      }),
    ),
    logger,
    transport,
  });
  for (const service of [entities, plan, initiatives, reputation]) await service.start();
  if (options.seedDemoData) {
    await seedDemoPlatform({ entities, plan, initiatives, reputation }, "Asia/Bahrain", logger);
  }
  const subgraphUrls = {
    entities: `http://127.0.0.1:${entities.port}/graphql`,
    plan: `http://127.0.0.1:${plan.port}/graphql`,
    initiatives: `http://127.0.0.1:${initiatives.port}/graphql`,
    reputation: `http://127.0.0.1:${reputation.port}/graphql`,
  };
  const gateway = new GatewayServer(
    readGatewayConfig(
      new EnvReader({
        GATEWAY_PORT: "0",
        HOST: "127.0.0.1",
        SUBGRAPH_URL_ENTITIES: subgraphUrls.entities,
        SUBGRAPH_URL_PLAN: subgraphUrls.plan,
        SUBGRAPH_URL_INITIATIVES: subgraphUrls.initiatives,
        SUBGRAPH_URL_REPUTATION: subgraphUrls.reputation,
      }),
    ),
    logger,
  );
  await gateway.listen();
  const gatewayUrl = `http://127.0.0.1:${gateway.port}/graphql`;
  const token = (roles: Role[], entityId?: string) =>
    signDevToken(DEV_JWT_SECRET, { sub: `test-${roles.join("-").toLowerCase()}`, roles, entityId });
  return {
    entities,
    plan,
    initiatives,
    reputation,
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
      await gateway.close();
      await reputation.stop();
      await initiatives.stop();
      await plan.stop();
      await entities.stop();
      for (const url of Object.values(databases)) await dropTestDatabase(url);
    },
  };
}

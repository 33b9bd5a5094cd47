import { randomUUID } from "node:crypto";
import { createEntitiesService, readEntitiesConfig } from "@gcn/entities";
import { GatewayServer, readGatewayConfig, signDevToken } from "@gcn/gateway";
import { createPlanService, readPlanConfig } from "@gcn/plan";
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

export interface TestPlatform {
  entities: ServiceRuntime;
  plan: ServiceRuntime;
  gateway: GatewayServer;
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
 * The platform as users meet it, on fresh databases and free ports: entities and plan subgraphs
 * behind the gateway; events in-process, or over Kafka (each service its own client, consumer
 * groups unique to this run) when brokers are given.
 */
export async function startPlatformForTest(
  options: { kafkaBrokers?: string[] } = {},
): Promise<TestPlatform> {
  const logger = createLogger("platform-test", "silent");
  const databases = {
    entities: await createTestDatabase("system_entities"),
    plan: await createTestDatabase("system_plan"),
  };
  const common = {
    HOST: "127.0.0.1",
    KAFKA_BROKERS: options.kafkaBrokers?.join(","),
    CONSUMER_GROUP_PREFIX: `test-${randomUUID().slice(0, 8)}`,
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
  await entities.start();
  await plan.start();
  const subgraphUrls = {
    entities: `http://127.0.0.1:${entities.port}/graphql`,
    plan: `http://127.0.0.1:${plan.port}/graphql`,
  };
  const gateway = new GatewayServer(
    readGatewayConfig(
      new EnvReader({
        GATEWAY_PORT: "0",
        HOST: "127.0.0.1",
        SUBGRAPH_URL_ENTITIES: subgraphUrls.entities,
        SUBGRAPH_URL_PLAN: subgraphUrls.plan,
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
    gateway,
    gatewayUrl,
    subgraphUrls,
    token,
    as: async (roles, query, variables = {}, entityId) =>
      postGraphQL(gatewayUrl, query, variables, {
        authorization: `Bearer ${await token(roles, entityId)}`,
      }),
    stop: async () => {
      await gateway.close();
      await plan.stop();
      await entities.stop();
      await dropTestDatabase(databases.plan);
      await dropTestDatabase(databases.entities);
    },
  };
}

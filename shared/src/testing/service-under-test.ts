import type { Identity } from "../auth/identity";
import { EnvReader } from "../config/env-reader";
import { createEnvelope } from "../events/event-envelope";
import { InProcessTransport } from "../events/in-process-transport";
import type {
  AggregateState,
  CataloguedEvent,
  EventData,
} from "../events/catalogue/catalogued-event";
import { createLogger } from "../logging/logger";
import {
  createService,
  readConfigOf,
  type ServiceDescriptor,
} from "../services/service-descriptor";
import type { ServiceRuntime } from "../subgraph/service-runtime";
import {
  createTestDatabase,
  dropTestDatabase,
  postGraphQL,
  signedHeaders,
  type GraphQLResponse,
} from "./test-helpers";

export const TEST_ADMIN: Identity = { sub: "admin-1", name: "Centre admin", roles: ["ADMIN"] };
export const TEST_ANALYST: Identity = { sub: "analyst-1", name: "Analyst", roles: ["ANALYST"] };

export function testLiaisonOf(entityId: string): Identity {
  return { sub: `liaison-${entityId}`, roles: ["LIAISON"], entityId };
}

/** One service on a fresh database and a free port, as a test's system under test. */
export interface ServiceUnderTest {
  service: ServiceRuntime;
  url: string;
  /** The in-process broker the service uses (undefined when it talks to Kafka). */
  transport?: InProcessTransport;
  /** A GraphQL request signed as the gateway would (ADMIN unless told otherwise). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  /** Runs a `SELECT count(*) AS n ...` on the service's database. */
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Delivers another service's catalogued event (`data`: its aggregate's state) as the relay would. */
  deliver<E extends CataloguedEvent>(
    event: E,
    data: EventData<E>,
    sequence?: number,
  ): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceUnderTestOptions {
  /** With brokers the service uses Kafka; otherwise an in-process transport the test can feed. */
  kafkaBrokers?: string[];
  /** Sees the service's environment before it starts (its database URL, for a CLI test). */
  onEnv?: (env: EnvReader) => void;
}

export async function startServiceForTest(
  descriptor: ServiceDescriptor,
  options: ServiceUnderTestOptions = {},
): Promise<ServiceUnderTest> {
  const prefix = descriptor.name.toUpperCase();
  const databaseUrl = await createTestDatabase(`${descriptor.name}_test`);
  const transport = options.kafkaBrokers ? undefined : new InProcessTransport();
  const env = new EnvReader({
    [`${prefix}_DATABASE_URL`]: databaseUrl,
    [`${prefix}_PORT`]: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    KAFKA_BROKERS: options.kafkaBrokers?.join(","),
  });
  options.onEnv?.(env);
  const service = await createService(descriptor, {
    config: readConfigOf(descriptor, env),
    logger: createLogger(`${descriptor.name}-test`, "silent"),
    transport,
  });
  await service.start();
  const url = `http://127.0.0.1:${service.port}/graphql`;
  return {
    service,
    url,
    transport,
    gql: (query, variables = {}, identity = TEST_ADMIN) =>
      postGraphQL(url, query, variables, signedHeaders(identity)),
    count: async (sql, params = []) => {
      const [row] = (await service.dataSource.query(sql, params)) as { n: number | string }[];
      return Number(row!.n);
    },
    deliver: async (event, data, sequence = 1) => {
      if (!transport)
        throw new Error("deliver() feeds the in-process transport; this service uses Kafka");
      await transport.publish([
        {
          topic: event.topic,
          key: (data as AggregateState).id,
          value: JSON.stringify(
            createEnvelope({
              source: event.source,
              type: event.type,
              subject: (data as AggregateState).id,
              sequence,
              correlationId: "test",
              actor: "test",
              data,
            }),
          ),
        },
      ]);
    },
    stop: async () => {
      await service.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

import {
  createLogger,
  EnvReader,
  type EventTransport,
  type Identity,
  type ServiceRuntime,
} from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  postGraphQL,
  signedHeaders,
  type GraphQLResponse,
} from "@gcn/shared/testing";
import { readEntitiesConfig } from "../src/config";
import { createEntitiesService } from "../src/entities-service";

export const ADMIN: Identity = { sub: "admin-1", name: "Centre admin", roles: ["ADMIN"] };
export const ANALYST: Identity = { sub: "analyst-1", name: "Analyst", roles: ["ANALYST"] };

export interface TestEntitiesService {
  service: ServiceRuntime;
  url: string;
  databaseUrl: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  count(sql: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

/** The entities service on a fresh database and a free port, as a test's system under test. */
export async function startEntitiesForTest(
  options: { kafkaBrokers?: string[]; transport?: EventTransport } = {},
): Promise<TestEntitiesService> {
  const databaseUrl = await createTestDatabase("entities_test");
  const config = readEntitiesConfig(
    new EnvReader({
      ENTITIES_DATABASE_URL: databaseUrl,
      ENTITIES_PORT: "0",
      HOST: "127.0.0.1",
      KAFKA_BROKERS: options.kafkaBrokers?.join(","),
    }),
  );
  const service = await createEntitiesService({
    config,
    logger: createLogger("entities-test", "silent"),
    transport: options.transport,
  });
  await service.start();
  const url = `http://127.0.0.1:${service.port}/graphql`;
  return {
    service,
    url,
    databaseUrl,
    gql: (query, variables = {}, identity = ADMIN) =>
      postGraphQL(url, query, variables, signedHeaders(identity)),
    count: async (sql, params = []) => {
      const [row] = (await service.dataSource.query(sql, params)) as { n: number | string }[];
      return Number(row!.n);
    },
    stop: async () => {
      await service.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

export const REGISTER = `mutation($input: RegisterEntityInput!) {
  registerEntity(input: $input) { id code nameAr nameEn name kind active socialAccounts { platform handle url } parent { code } }
}`;

export const APPOINT = `mutation($input: AppointLiaisonInput!) {
  appointLiaison(input: $input) { id fullNameAr role email phone active appointedOn entity { code } }
}`;

import { randomUUID } from "node:crypto";
import {
  createEnvelope,
  createLogger,
  EnvReader,
  InProcessTransport,
  TOPICS,
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
import { readInitiativesConfig } from "../src/config";
import { createInitiativesService } from "../src/initiatives-service";

export const ADMIN: Identity = { sub: "admin-1", roles: ["ADMIN"] };
export const ANALYST: Identity = { sub: "analyst-1", roles: ["ANALYST"] };
export const liaisonOf = (entityId: string): Identity => ({
  sub: `liaison-${entityId}`,
  roles: ["LIAISON"],
  entityId,
});

export interface TestInitiativesService {
  service: ServiceRuntime;
  url: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Delivers an entities event (entity or liaison) as the relay would. */
  entitiesEvent(
    name: string,
    data: Record<string, unknown> & { id: string },
    sequence?: number,
  ): Promise<void>;
  knownEntity(code: string, active?: boolean): Promise<string>;
  knownLiaison(entityId: string): Promise<string>;
  stop(): Promise<void>;
}

/** The initiatives service alone on a fresh database, fed entities events in-process. */
export async function startInitiativesForTest(): Promise<TestInitiativesService> {
  const databaseUrl = await createTestDatabase("initiatives_test");
  const transport = new InProcessTransport();
  const config = readInitiativesConfig(
    new EnvReader({
      INITIATIVES_DATABASE_URL: databaseUrl,
      INITIATIVES_PORT: "0",
      HOST: "127.0.0.1",
    }),
  );
  const service = await createInitiativesService({
    config,
    logger: createLogger("initiatives-test", "silent"),
    transport,
  });
  await service.start();
  const url = `http://127.0.0.1:${service.port}/graphql`;
  const entitiesEvent: TestInitiativesService["entitiesEvent"] = (name, data, sequence = 1) =>
    transport.publish([
      {
        topic: TOPICS.entities,
        key: data.id,
        value: JSON.stringify(
          createEnvelope({
            source: "/gcn/entities",
            type: `gcn.entities.${name}.v1`,
            subject: data.id,
            sequence,
            correlationId: "t",
            actor: "t",
            data,
          }),
        ),
      },
    ]);
  return {
    service,
    url,
    gql: (query, variables = {}, identity = ADMIN) =>
      postGraphQL(url, query, variables, signedHeaders(identity)),
    count: async (sql, params = []) =>
      Number(((await service.dataSource.query(sql, params)) as { n: string }[])[0]!.n),
    entitiesEvent,
    knownEntity: async (code, active = true) => {
      const id = randomUUID();
      await entitiesEvent("EntityRegistered", { id, code, active });
      return id;
    },
    knownLiaison: async (entityId) => {
      const id = randomUUID();
      await entitiesEvent("LiaisonAppointed", { id, entityId, active: true });
      return id;
    },
    stop: async () => {
      await service.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

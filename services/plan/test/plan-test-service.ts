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
import { readPlanConfig } from "../src/config";
import { createPlanService } from "../src/plan-service";

export const ADMIN: Identity = { sub: "admin-1", roles: ["ADMIN"] };
export const ANALYST: Identity = { sub: "analyst-1", roles: ["ANALYST"] };
export const liaisonOf = (entityId: string): Identity => ({
  sub: `liaison-${entityId}`,
  roles: ["LIAISON"],
  entityId,
});

export interface TestPlanService {
  service: ServiceRuntime;
  transport: InProcessTransport;
  url: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Delivers an entities event to the plan service the way the relay would. */
  entityEvent(
    name: string,
    data: { id: string; code: string; active: boolean },
    sequence: number,
  ): Promise<void>;
  /** Delivers an initiatives session event; `data` is the session's state after the change. */
  sessionEvent(
    name: string,
    data: Record<string, unknown> & { id: string },
    sequence: number,
  ): Promise<void>;
  /** Registers a new active entity in the plan's projection and returns its id. */
  knownEntity(code: string): Promise<string>;
  stop(): Promise<void>;
}

/** The plan service alone on a fresh database, fed entity events through an in-process transport. */
export async function startPlanForTest(): Promise<TestPlanService> {
  const databaseUrl = await createTestDatabase("plan_test");
  const transport = new InProcessTransport();
  const config = readPlanConfig(
    new EnvReader({
      PLAN_DATABASE_URL: databaseUrl,
      PLAN_PORT: "0",
      HOST: "127.0.0.1",
      GCN_TIME_ZONE: "Asia/Bahrain",
    }),
  );
  const service = await createPlanService({
    config,
    logger: createLogger("plan-test", "silent"),
    transport,
  });
  await service.start();
  const url = `http://127.0.0.1:${service.port}/graphql`;
  const deliver = (
    service: "entities" | "initiatives",
    name: string,
    data: { id: string },
    sequence: number,
  ) =>
    transport.publish([
      {
        topic: TOPICS[service],
        key: data.id,
        value: JSON.stringify(
          createEnvelope({
            source: `/gcn/${service}`,
            type: `gcn.${service}.${name}.v1`,
            subject: data.id,
            sequence,
            correlationId: "test",
            actor: "test",
            data,
          }),
        ),
      },
    ]);
  const entityEvent: TestPlanService["entityEvent"] = (name, data, sequence) =>
    deliver("entities", name, data, sequence);
  return {
    service,
    transport,
    url,
    gql: (query, variables = {}, identity = ADMIN) =>
      postGraphQL(url, query, variables, signedHeaders(identity)),
    count: async (sql, params = []) => {
      const [row] = (await service.dataSource.query(sql, params)) as { n: number | string }[];
      return Number(row!.n);
    },
    entityEvent,
    sessionEvent: (name, data, sequence) => deliver("initiatives", name, data, sequence),
    knownEntity: async (code) => {
      const id = randomUUID();
      await entityEvent("EntityRegistered", { id, code, active: true }, 1);
      return id;
    },
    stop: async () => {
      await service.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

export const SCHEDULE = `mutation($input: SchedulePlanItemInput!) {
  schedulePlanItem(input: $input) { id status source priority channels startsAt endsAt plan { id status period { year month } } owner { id } }
}`;

export function itemInput(ownerId: string, overrides: Record<string, unknown> = {}) {
  return {
    ownerId,
    kind: "EVENT",
    titleAr: "مؤتمر صحفي للوزارة",
    titleEn: "Ministry press conference",
    startsAt: "2026-11-12T07:00:00Z",
    endsAt: "2026-11-12T09:00:00Z",
    channels: ["PRESS", "TV"],
    priority: "HIGH",
    nationalPlanTags: ["BAHRAINA"],
    ...overrides,
  };
}

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GatewayServer, readGatewayConfig, signDevToken } from "@gcn/gateway";
import { createLogger, EnvReader, SERVICE_NAMES } from "@gcn/shared";
import { postGraphQL, waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const PRODUCTION_SECRETS = {
  NODE_ENV: "production",
  JWT_SECRET: "a-production-jwt-secret-of-at-least-32-chars",
  GATEWAY_SECRET: "a-production-gateway-secret-0123456789",
};

/** R10's production switches, masking of internal errors, and readiness. */
describe("gateway hygiene", () => {
  let platform: TestPlatform;
  const gateways: GatewayServer[] = [];
  before(async () => {
    platform = await startPlatformForTest();
  });
  after(async () => {
    for (const gateway of gateways) await gateway.close();
    await platform.stop();
  });

  async function startGateway(env: Record<string, string>): Promise<string> {
    const gateway = new GatewayServer(
      readGatewayConfig(new EnvReader({ GATEWAY_PORT: "0", HOST: "127.0.0.1", ...env })),
      createLogger("hygiene-test", "silent"),
    );
    gateways.push(gateway);
    await gateway.listen();
    return `http://127.0.0.1:${gateway.port}`;
  }

  it("turns introspection and the Sandbox page off in production unless INTROSPECTION=true", async () => {
    const production = await startGateway(PRODUCTION_SECRETS);
    const analyst = {
      authorization: `Bearer ${await signDevToken(PRODUCTION_SECRETS.JWT_SECRET, { sub: "a", roles: ["ANALYST"] })}`,
    };
    const refused = await postGraphQL(
      `${production}/graphql`,
      `{ __schema { types { name } } }`,
      {},
      analyst,
    );
    assert.equal(refused.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.match(refused.errors![0]!.message, /introspection/i);
    assert.equal(refused.data, undefined);
    const landing = await fetch(`${production}/graphql`, { headers: { accept: "text/html" } });
    assert.doesNotMatch(await landing.text(), /embeddable-sandbox|apollo-server-landing-page/);

    const opened = await startGateway({ ...PRODUCTION_SECRETS, INTROSPECTION: "true" });
    const allowed = await postGraphQL(
      `${opened}/graphql`,
      `{ __schema { queryType { name } } }`,
      {},
      analyst,
    );
    assert.deepEqual(allowed.data, { __schema: { queryType: { name: "Query" } } });
  });

  it("refuses to start in production with the development secrets", () => {
    assert.throws(() => readGatewayConfig(new EnvReader({ NODE_ENV: "production" })), /JWT_SECRET/);
  });

  it("masks an internal failure in a subgraph: no SQL, no stack, no URL; coded errors still pass", async () => {
    // A real internal fault: the table behind the query disappears under the running service.
    const db = platform.entities.dataSource;
    await db.query(`ALTER TABLE government_entity RENAME TO government_entity_away`);
    try {
      const result = await platform.as(["ANALYST"], `{ entities(first: 5) { totalCount } }`);
      assert.equal(result.status, 200);
      assert.equal(result.errors?.[0]?.extensions?.code, "INTERNAL_SERVER_ERROR");
      assert.equal(result.errors![0]!.message, "Internal server error");
      const text = JSON.stringify(result.errors);
      assert.doesNotMatch(
        text,
        /government_entity|relation|SELECT|stacktrace|at .*\.js|127\.0\.0\.1|localhost/i,
      );
    } finally {
      await db.query(`ALTER TABLE government_entity_away RENAME TO government_entity`);
    }
    const coded = await platform.as(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "X1", nameAr: "و", kind: OTHER }) { id } }`,
    );
    assert.equal(coded.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });

  it("is ready only when the supergraph is loaded and every subgraph answers /health", async () => {
    const origin = new URL(platform.gatewayUrl).origin;
    const ready = await fetch(`${origin}/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(
      ((await ready.json()) as { subgraphs: unknown }).subgraphs,
      Object.fromEntries(SERVICE_NAMES.map((name) => [name, "up"])),
    );

    const withPlanDown = await startGateway({
      SUBGRAPH_URL_ENTITIES: platform.subgraphUrls.entities,
      SUBGRAPH_URL_PLAN: "http://127.0.0.1:9/graphql",
      SUBGRAPH_URL_INITIATIVES: platform.subgraphUrls.initiatives,
      SUBGRAPH_URL_REPUTATION: platform.subgraphUrls.reputation,
    });
    const notReady = await fetch(`${withPlanDown}/ready`);
    assert.equal(notReady.status, 503);
    const body = (await notReady.json()) as { status: string; subgraphs: Record<string, string> };
    assert.equal(body.status, "not ready");
    assert.match(body.subgraphs.plan!, /^down/);
    assert.equal(body.subgraphs.entities, "up");
    // Liveness is separate: the process is healthy and keeps serving the other subgraphs.
    assert.equal((await fetch(`${withPlanDown}/health`)).status, 200);
    await waitFor(
      async () => {
        const result = await postGraphQL(
          `${withPlanDown}/graphql`,
          `{ entities { totalCount } }`,
          {},
          { authorization: `Bearer ${await platform.token(["ANALYST"])}` },
        );
        return result.errors ? undefined : result;
      },
      { timeoutMs: 5_000, what: "the gateway with the plan down to serve entities" },
    );
  });
});

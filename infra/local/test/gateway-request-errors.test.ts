import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  DEFAULT_SUPERGRAPH_PATH,
  GatewayServer,
  QUERY_LIMITS,
  readGatewayConfig,
  signDevToken,
} from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { postGraphQL, type GraphQLResponse } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const ACCEPTS = ["application/json", "application/graphql-response+json"];

/** Answers to the client mistakes of R18 and the anonymous probes of R19, as clients see them. */
describe("gateway request errors (GraphQL over HTTP)", () => {
  let platform: TestPlatform;
  let token: string;
  let production: GatewayServer;
  let productionUrl: string;
  const productionSecret = "a-production-jwt-secret-of-at-least-32-chars";

  const send = async (
    body: unknown,
    headers: Record<string, string> = {},
    url = platform.gatewayUrl,
  ): Promise<GraphQLResponse> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const asAdmin = (body: unknown, headers: Record<string, string> = {}) =>
    send(body, { authorization: `Bearer ${token}`, ...headers });

  before(async () => {
    platform = await startPlatformForTest();
    token = await platform.token(["ADMIN"]);
    production = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          GATEWAY_PORT: "0",
          HOST: "127.0.0.1",
          NODE_ENV: "production",
          JWT_SECRET: productionSecret,
          GATEWAY_SECRET: "a-production-gateway-secret-0123456789",
        }),
      ),
      createLogger("request-errors-test", "silent"),
    );
    await production.listen();
    productionUrl = `http://127.0.0.1:${production.port}/graphql`;
  });
  after(async () => {
    await production.close();
    await platform.stop();
  });

  it("answers a syntax error 400 GRAPHQL_PARSE_FAILED, with either accepted media type", async () => {
    for (const accept of ACCEPTS) {
      const result = await asAdmin({ query: "{ 8f31 }" }, { accept });
      assert.equal(result.status, 400, accept);
      assert.equal(result.errors?.[0]?.extensions?.code, "GRAPHQL_PARSE_FAILED");
      assert.equal(result.data, undefined);
    }
  });

  it("answers each limit 400 with its own code, before execution", async () => {
    // 500 aliased fields of six tokens each: past the token limit before any other check.
    const tokens = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: entities { totalCount }`).join(" ")} }`;
    const aliases = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: entities(first: 1) { totalCount }`).join(" ")} }`;
    const depth = `{ entities(first: 1) { edges { node { ${"parent { ".repeat(QUERY_LIMITS.maxDepth)}code${" }".repeat(QUERY_LIMITS.maxDepth)} } } } }`;
    const directives = `{ ${Array.from({ length: QUERY_LIMITS.maxDirectives + 1 }, (_, i) => `d${i}: __typename @include(if: true)`).join(" ")} }`;
    const cases: [string, string][] = [
      [tokens, "MAX_TOKENS_EXCEEDED"],
      [aliases, "MAX_ALIASES_EXCEEDED"],
      [depth, "MAX_DEPTH_EXCEEDED"],
      [directives, "MAX_DIRECTIVES_EXCEEDED"],
    ];
    for (const [query, code] of cases) {
      for (const accept of ACCEPTS) {
        const result = await asAdmin({ query }, { accept });
        assert.equal(result.status, 400, `${code} (${accept}): ${JSON.stringify(result.errors)}`);
        assert.equal(result.errors?.[0]?.extensions?.code, code);
        assert.equal(result.data, undefined);
      }
    }
  });

  it("answers a missing or unknown operationName 400 OPERATION_RESOLUTION_FAILURE", async () => {
    const two = "query A { __typename } query B { __typename }";
    for (const body of [
      { query: two },
      { query: two, operationName: "C" },
      { query: "{ __typename }", operationName: "Nope" },
    ]) {
      const result = await asAdmin(body);
      assert.equal(result.status, 400, JSON.stringify(result));
      assert.equal(result.errors?.[0]?.extensions?.code, "OPERATION_RESOLUTION_FAILURE");
    }
    // Apollo's own refusals of a persisted query are coded too, not masked as internal.
    for (const persistedQuery of [
      { version: 1, sha256Hash: "not-its-hash" },
      { version: 3, sha256Hash: "x" },
    ]) {
      const refused = await asAdmin({ query: "{ __typename }", extensions: { persistedQuery } });
      assert.equal(refused.status, 400);
      assert.equal(refused.errors?.[0]?.extensions?.code, "BAD_REQUEST");
    }
    const picked = await asAdmin({ query: two, operationName: "B" });
    assert.deepEqual(picked.data, { __typename: "Query" });
  });

  it("answers a subscription sent over HTTP 400 OPERATION_NOT_SUPPORTED, with or without a token", async () => {
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const result = await send({ query: "subscription { __typename }" }, headers);
      assert.equal(result.status, 400);
      assert.equal(result.errors?.[0]?.extensions?.code, "OPERATION_NOT_SUPPORTED");
      assert.match(result.errors![0]!.message, /Subscriptions/);
    }
  });

  it("suggests no enum value, field or type: literals and variables, with or without a token", async () => {
    const probes = [
      { query: "{ entities(filter: { kind: MINISTR }) { totalCount } }" },
      {
        query: "query($k: EntityKind) { entities(filter: { kind: $k }) { totalCount } }",
        variables: { k: "MINISTR" },
      },
      { query: "{ entitiez { totalCount } }" },
      { query: "query($f: EntityFilterr) { entities(filter: $f) { totalCount } }" },
    ];
    for (const probe of probes) {
      const answer = await asAdmin(probe);
      assert.equal(answer.status, 400);
      assert.ok(answer.errors?.length, JSON.stringify(answer));
      const text = JSON.stringify(answer.errors);
      assert.doesNotMatch(text, /Did you mean|MINISTRY|Suggestion hidden/, text);
      for (const error of answer.errors!) assert.doesNotMatch(error.message, /\?/, error.message);
      const anonymous = await send(probe);
      assert.equal(anonymous.status, 401);
      assert.doesNotMatch(JSON.stringify(anonymous.errors), /Did you mean|MINISTRY/);
    }
  });

  it("answers an anonymous caller 401 before any validation: no type or field named", async () => {
    const probes = [
      "{ entities { nope } }",
      "{ entities { edges { node { id } } } }",
      "{ 8f31 }",
      "query { __typename ...F } fragment F on Query { entities { nope } }",
      "{ __typename } fragment F on GovernmentEntity { nope }",
    ];
    for (const query of probes) {
      for (const headers of [{}, { authorization: "" }] as Record<string, string>[]) {
        const result = await send({ query }, headers);
        assert.equal(result.status, 401, query);
        assert.equal(result.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
        assert.doesNotMatch(
          JSON.stringify(result.errors),
          /GovernmentEntity|Connection|Query|nope/,
        );
      }
    }
    const badToken = await send({ query: "{ entities { nope } }" }, { authorization: "Bearer x" });
    assert.equal(badToken.status, 401);
    assert.doesNotMatch(JSON.stringify(badToken.errors), /GovernmentEntity|nope/);
    // A persisted query registered by a signed-in caller is no way in without a token.
    const persisted = "{ entities(first: 1) { totalCount } }";
    const sha256Hash = createHash("sha256").update(persisted).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const registered = await asAdmin({ query: persisted, extensions });
    assert.equal(registered.status, 200, JSON.stringify(registered));
    const byHash = await send({ extensions });
    assert.equal(byHash.status, 401);
    assert.equal(byHash.data, undefined);
    // An explorer's introspection before login still works while introspection is on.
    const introspection = await postGraphQL(
      platform.gatewayUrl,
      "{ __schema { queryType { name } } }",
    );
    assert.deepEqual(introspection.data, { __schema: { queryType: { name: "Query" } } });
    // A GET carries its document in the URL: the same rule.
    const get = await fetch(
      `${platform.gatewayUrl}?query=${encodeURIComponent("{ entities { nope } }")}`,
      { headers: { "apollo-require-preflight": "true" } },
    );
    assert.equal(get.status, 401);
  });

  it("with introspection off answers every anonymous document 401, introspection included", async () => {
    for (const query of [
      "{ __schema { types { name } } }",
      "{ __typename }",
      "{ entities { nope } }",
    ]) {
      const result = await send({ query }, {}, productionUrl);
      assert.equal(result.status, 401, query);
      assert.equal(result.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
      assert.doesNotMatch(JSON.stringify(result), /__schema|types|nope/);
    }
    const analyst = await signDevToken(productionSecret, { sub: "a", roles: ["ANALYST"] });
    const signedIn = await send(
      { query: "{ __schema { types { name } } }" },
      { authorization: `Bearer ${analyst}` },
      productionUrl,
    );
    assert.equal(signedIn.status, 400);
    assert.match(signedIn.errors![0]!.message, /introspection/i);
  });

  it("answers a DateTime or Date a subgraph would refuse 400, literal or variable, writing nothing", async () => {
    const before = await platform.entities.dataSource.query(
      `SELECT count(*)::int AS n FROM network_meeting`,
    );
    const literal = await asAdmin({
      query: `mutation { scheduleMeeting(input: { title: "Review", scheduledAt: "2026-02-30T10:00:00Z", period: { year: 2026, month: 2 } }) { id } }`,
    });
    assert.equal(literal.status, 400, JSON.stringify(literal));
    assert.equal(literal.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.equal(literal.data, undefined);
    const variable = await asAdmin({
      query: `mutation($at: DateTime!) { scheduleMeeting(input: { title: "Review", scheduledAt: $at, period: { year: 2026, month: 2 } }) { id } }`,
      variables: { at: "2026-02-30T10:00:00Z" },
    });
    assert.equal(variable.status, 400);
    assert.equal(variable.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const badDay = await asAdmin({
      query: `mutation { endLiaisonAppointment(id: "00000000-0000-4000-8000-000000000000", endedOn: "2026-13-01") { id } }`,
    });
    assert.equal(badDay.status, 400);
    assert.equal(badDay.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    const after = await platform.entities.dataSource.query(
      `SELECT count(*)::int AS n FROM network_meeting`,
    );
    assert.deepEqual(after, before);
    // A valid value still reaches the subgraph as the client wrote it.
    const valid = await asAdmin({
      query: `mutation { scheduleMeeting(input: { title: "Review", scheduledAt: "2026-02-27T10:00:00+03:00", period: { year: 2026, month: 2 } }) { scheduledAt } }`,
    });
    assert.equal(valid.status, 200, JSON.stringify(valid.errors));
    assert.deepEqual(valid.data, { scheduleMeeting: { scheduledAt: "2026-02-27T07:00:00.000Z" } });
  });
});

describe("a request error that only a subgraph finds", () => {
  let platform: TestPlatform;
  let skewed: GatewayServer;
  const dir = mkdtempSync(path.join(tmpdir(), "gcn-skew-"));
  before(async () => {
    platform = await startPlatformForTest();
    // A supergraph ahead of the entities service (a field it does not have yet): the service
    // itself refuses the document, as in a deployment caught between versions.
    const supergraph = readFileSync(DEFAULT_SUPERGRAPH_PATH, "utf8").replace(
      "  entity(id: ID!): GovernmentEntity @join__field(graph: ENTITIES)",
      "  entity(id: ID!): GovernmentEntity @join__field(graph: ENTITIES)\n  ghost: String @join__field(graph: ENTITIES)",
    );
    const file = path.join(dir, "supergraph.graphql");
    writeFileSync(file, supergraph);
    skewed = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          GATEWAY_PORT: "0",
          HOST: "127.0.0.1",
          SUPERGRAPH_PATH: file,
          SUBGRAPH_URL_ENTITIES: platform.subgraphUrls.entities!,
          SUBGRAPH_URL_PLAN: platform.subgraphUrls.plan!,
          SUBGRAPH_URL_INITIATIVES: platform.subgraphUrls.initiatives!,
          SUBGRAPH_URL_REPUTATION: platform.subgraphUrls.reputation!,
        }),
      ),
      createLogger("skew-test", "silent"),
    );
    await skewed.listen();
  });
  after(async () => {
    await skewed.close();
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers it 400 without data, as the gateway answers the same error found by itself", async () => {
    const result = await postGraphQL(
      `http://127.0.0.1:${skewed.port}/graphql`,
      "{ ghost }",
      {},
      { authorization: `Bearer ${await platform.token(["ANALYST"])}` },
    );
    assert.equal(result.status, 400, JSON.stringify(result));
    assert.equal(result.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.equal("data" in result, false);
  });
});

/** Sends `bytes` of body through node:http and reads the answer (or the socket error). */
function sendLargeBody(
  url: string,
  bytes: number,
  token: string,
  chunked: boolean,
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        ...(chunked ? {} : { "content-length": String(bytes) }),
      },
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body }));
    });
    request.on("error", (error) => resolve({ error: error.message }));
    const prefix = Buffer.from('{"query":"{ __typename }","variables":{"pad":"');
    const chunk = Buffer.alloc(1024 * 1024, "x");
    request.write(prefix);
    let sent = prefix.length;
    const pump = () => {
      while (sent < bytes) {
        const part = Math.min(chunk.length, bytes - sent);
        sent += part;
        if (!request.write(part === chunk.length ? chunk : chunk.subarray(0, part))) {
          request.once("drain", pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}

describe("gateway oversized bodies", () => {
  let platform: TestPlatform;
  let token: string;
  before(async () => {
    platform = await startPlatformForTest();
    token = await platform.token(["ADMIN"]);
  });
  after(async () => {
    await platform.stop();
  });

  it("lets a client sending up to 64 MB read its 413 BODY_TOO_LARGE, every time, and keeps serving", async () => {
    const sizes = [17, 32, 63].map((mb) => mb * 1024 * 1024);
    const answers = [];
    for (let i = 0; i < 12; i++) {
      const size = sizes[i % sizes.length]!;
      answers.push(await sendLargeBody(platform.gatewayUrl, size, token, i % 2 === 1));
    }
    for (const answer of answers) {
      assert.equal(answer.error, undefined, `a broken connection: ${answer.error}`);
      assert.equal(answer.status, 413);
      assert.equal(
        (JSON.parse(answer.body!) as { errors: { extensions: { code: string } }[] }).errors[0]!
          .extensions.code,
        "BODY_TOO_LARGE",
      );
    }
    // While a large body is being sent, other requests are answered.
    const large = sendLargeBody(platform.gatewayUrl, 60 * 1024 * 1024, token, true);
    const small = await platform.as(["ANALYST"], "{ entities { totalCount } }");
    assert.equal(small.status, 200);
    assert.equal((await large).status, 413);
  });
});

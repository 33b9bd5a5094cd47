import assert from "node:assert/strict";
import { getIntrospectionQuery } from "graphql";
import { after, before, describe, it } from "node:test";
import { Platform } from "@gcn/shared";
import { QUERY_LIMITS } from "@gcn/gateway";
import { postGraphQL, waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

/** `entities { edges { node { parent { parent ... { code } } } } }` with the given depth. */
function deepQuery(depth: number): string {
  const parents = depth - 4; // entities, edges, node and the leaf field
  return `{ entities(first: 1) { edges { node { ${"parent { ".repeat(parents)}code${" }".repeat(parents)} } } } }`;
}

describe("gateway query limits", () => {
  let platform: TestPlatform;
  let token: string;
  const send = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(platform.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  before(async () => {
    platform = await startPlatformForTest();
    token = await platform.token(["ADMIN", "INGEST"]);
  });
  after(async () => {
    await platform.stop();
  });

  it("passes a query at the depth limit and rejects one level deeper before execution", async () => {
    const atLimit = await platform.as(["ANALYST"], deepQuery(QUERY_LIMITS.maxDepth));
    assert.equal(atLimit.errors, undefined, JSON.stringify(atLimit.errors));
    const tooDeep = await platform.as(["ANALYST"], deepQuery(QUERY_LIMITS.maxDepth + 1));
    assert.equal(tooDeep.status, 400);
    assert.equal(tooDeep.errors?.[0]?.extensions?.code, "MAX_DEPTH_EXCEEDED");
    assert.match(tooDeep.errors![0]!.message, /depth/i);
    assert.equal(tooDeep.data, undefined);
  });

  it("limits aliases", async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: entities(first: 1) { totalCount }`).join(" ")} }`;
    assert.equal(
      (await platform.as(["ANALYST"], aliases(QUERY_LIMITS.maxAliases))).errors,
      undefined,
    );
    const tooMany = await platform.as(["ANALYST"], aliases(QUERY_LIMITS.maxAliases + 1));
    assert.equal(tooMany.errors?.[0]?.extensions?.code, "MAX_ALIASES_EXCEEDED");
    assert.match(tooMany.errors![0]!.message, /alias/i);
  });

  it("gives no field suggestions for a misspelt field", async () => {
    const result = await platform.as(["ANALYST"], `{ entitiez { totalCount } }`);
    assert.equal(result.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.doesNotMatch(JSON.stringify(result.errors), /Did you mean/);
  });

  it("refuses a document over 100 kB and a batched array", async () => {
    const huge = `{ entities(first: 1) { totalCount } } # ${"x".repeat(QUERY_LIMITS.maxDocumentBytes)}`;
    const big = await send({ query: huge });
    assert.equal(big.status, 413);
    const bigBody = (await big.json()) as { errors: { extensions: { code: string } }[] };
    assert.equal(bigBody.errors[0]!.extensions.code, "DOCUMENT_TOO_LARGE");
    const batched = await send([
      { query: "{ entities { totalCount } }" },
      { query: "{ entities { totalCount } }" },
    ]);
    assert.equal(batched.status, 400);
  });

  it("refuses CSRF-style requests: text/plain posts and GETs without a preflight header", async () => {
    const textPlain = await send(JSON.stringify({ query: "{ entities { totalCount } }" }), {
      "content-type": "text/plain",
    });
    assert.equal(textPlain.status, 400);
    const get = await fetch(`${platform.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}`);
    assert.equal(get.status, 400);
  });

  it("answers a malformed body and an oversized one with a coded error, and keeps serving", async () => {
    const malformed = await send('{"query": "{ entities { totalCount } }"');
    assert.equal(malformed.status, 400);
    const malformedBody = (await malformed.json()) as {
      errors: { extensions: { code: string } }[];
    };
    assert.equal(malformedBody.errors[0]!.extensions.code, "BAD_REQUEST");
    const oversized = await send({ query: "{ __typename }", variables: { pad: "x".repeat(17e6) } });
    assert.equal(oversized.status, 413);
    const oversizedBody = (await oversized.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    assert.match(oversizedBody.errors[0]!.message, /larger than 16777216 bytes/);
    assert.equal(oversizedBody.errors[0]!.extensions.code, "BODY_TOO_LARGE");
    const after = await send({ query: "{ entities { totalCount } }" }, { "x-request-id": "t-42" });
    assert.equal(after.status, 200);
    assert.equal(after.headers.get("x-request-id"), "t-42", "the request id comes back");
  });

  it("answers a GET query that carries the preflight header, at /graphql/ too", async () => {
    const query = encodeURIComponent("{ entities { totalCount } }");
    const answer = await fetch(`${platform.gatewayUrl}/?query=${query}`, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" },
    });
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { data?: { entities: { totalCount: number } } };
    assert.equal(typeof body.data?.entities.totalCount, "number");
  });

  it("admits a full introspection (explorers) and a recordMetrics call with 10,000 samples", async () => {
    const introspection = await postGraphQL(platform.gatewayUrl, getIntrospectionQuery());
    assert.equal(
      introspection.errors,
      undefined,
      JSON.stringify(introspection.errors)?.slice(0, 300),
    );
    const entity = await platform.as<{ registerEntity: { id: string } }>(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "BIGBATCH", nameAr: "جهة الدفعة الكبيرة", kind: AGENCY }) { id } }`,
    );
    const entityId = entity.data!.registerEntity.id;
    const platforms = Object.values(Platform);
    const samples = platforms.flatMap((platform) =>
      Array.from({ length: 1000 }, (_, d) => ({
        entityId,
        platform,
        date: new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10),
        impressions: d,
      })),
    );
    const accepted = await waitFor(
      async () => {
        const result = await platform.as<{ recordMetrics: { accepted: number } }>(
          ["INGEST"],
          `mutation($s: [MetricSampleInput!]!) { recordMetrics(samples: $s) { accepted } }`,
          { s: samples },
        );
        assert.equal(
          result.errors?.[0]?.extensions?.code === "GRAPHQL_VALIDATION_FAILED",
          false,
          JSON.stringify(result.errors),
        );
        return result.data?.recordMetrics.accepted === 10_000 ? 10_000 : undefined;
      },
      { timeoutMs: 10_000, what: "the reputation service to know the entity" },
    );
    assert.equal(accepted, 10_000);
  });
});

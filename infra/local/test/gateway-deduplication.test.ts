import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT, signDevToken } from "@gcn/gateway";
import { createLogger, DEV_JWT_SECRET, type Role } from "@gcn/shared";
import { postGraphQL, waitFor, type GraphQLResponse } from "@gcn/shared/testing";
import {
  countedInMetrics,
  startGatewayOver,
  startPlatformForTest,
  type TestPlatform,
} from "./platform-test-kit";

/**
 * A real HTTP hop in front of the entities subgraph that holds every call for a while (so that
 * concurrent requests are all in flight at once), counts the calls carrying `marker`, and can
 * answer 500 itself instead of forwarding.
 */
class HoldingProxy {
  upstream = "";
  holdMs = 300;
  failWith?: number;
  calls = 0;
  /** Calls the gateway hung up on before the answer came. */
  cancelled = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor(private readonly marker: string) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  reset(): void {
    this.calls = 0;
    this.cancelled = 0;
    this.failWith = undefined;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const counted = body.includes(this.marker);
      if (counted) this.calls++;
      let gone = false;
      res.on("close", () => {
        if (!res.writableFinished && counted) {
          gone = true;
          this.cancelled++;
        }
      });
      setTimeout(() => {
        if (gone) return;
        if (this.failWith) {
          res.writeHead(this.failWith, { "content-type": "text/plain" }).end("broken");
          return;
        }
        const headers = { ...req.headers, "content-length": String(body.length) };
        const upstream = http.request(this.upstream, { method: "POST", headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", () => res.destroy());
        upstream.end(body);
      }, this.holdMs);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const CODE = "DEDUP";
const READ = `{ entityByCode(code: "${CODE}") { code name liaisons { fullNameAr email phone } } }`;

type Read = GraphQLResponse<{
  entityByCode: { code: string; name: string; liaisons: { email: string | null }[] };
}>;

const sharedFetches = (gatewayUrl: string) =>
  countedInMetrics(gatewayUrl, 'gcn_gateway_subgraph_fetches_shared_total{subgraph="entities"');
const sharedOperations = (gatewayUrl: string) =>
  countedInMetrics(gatewayUrl, "gcn_gateway_operations_shared_total");

describe("in-flight deduplication (whole operations and subgraph fetches)", () => {
  const proxy = new HoldingProxy(CODE);
  let platform: TestPlatform;
  let proxyUrl = "";
  let asCaller: (roles: Role[], sub: string, query?: string, language?: string) => Promise<Read>;

  before(async () => {
    proxyUrl = await proxy.listen();
    platform = await startPlatformForTest({
      // Every request of a test in flight at once: the admission queue does not hold any back.
      gatewayEnv: { SUBGRAPH_URL_ENTITIES: proxyUrl, GATEWAY_MAX_IN_FLIGHT: "200" },
    });
    proxy.upstream = platform.subgraphUrls.entities!;
    proxy.holdMs = 0;
    const created = await platform.as<{ registerEntity: { id: string } }>(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "${CODE}", nameAr: "جهة التجربة", nameEn: "Trial entity", kind: AGENCY }) { id } }`,
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const appointed = await platform.as(
      ["ADMIN"],
      `mutation ($entityId: ID!) { appointLiaison(input: { entityId: $entityId, fullNameAr: "منسق", role: PRIMARY, email: "liaison@example.gov.bh", phone: "+97317000000" }) { id } }`,
      { entityId: created.data!.registerEntity.id },
    );
    assert.equal(appointed.errors, undefined, JSON.stringify(appointed.errors));
    asCaller = async (roles, sub, query = READ, language) =>
      postGraphQL(
        platform.gatewayUrl,
        query,
        {},
        {
          authorization: `Bearer ${await signDevToken(DEV_JWT_SECRET, { sub, roles })}`,
          ...(language ? { "accept-language": language } : {}),
        },
      ) as Promise<Read>;
    // The plan is made and cached before anything is counted.
    await asCaller(["ADMIN"], "warm-up");
    proxy.holdMs = 300;
  });
  after(async () => {
    await platform?.stop();
    await proxy.close();
  });

  it("makes one subgraph call for 50 identical requests from 50 ADMINs in flight at once", async () => {
    proxy.reset();
    const operationsBefore = await sharedOperations(platform.gatewayUrl);
    const requestsBefore = await countedInMetrics(
      platform.gatewayUrl,
      "gcn_graphql_requests_total{",
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => asCaller(["ADMIN"], `admin-${i}`)),
    );
    for (const answer of answers) {
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      assert.equal(answer.data!.entityByCode.liaisons[0]!.email, "liaison@example.gov.bh");
    }
    assert.equal(proxy.calls, 1, "one call reached the entities subgraph");
    assert.equal(
      (await sharedOperations(platform.gatewayUrl)) - operationsBefore,
      49,
      "/metrics: 49 requests answered by the one run",
    );
    assert.equal(
      (await countedInMetrics(platform.gatewayUrl, "gcn_graphql_requests_total{")) - requestsBefore,
      50,
      "every request is counted, the sharers too",
    );
  });

  it("gives every caller who shared a run its own request id", async () => {
    proxy.reset();
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "admin", roles: ["ADMIN"] });
    const responses = await Promise.all(
      ["first", "second", "third"].map((id) =>
        fetch(platform.gatewayUrl, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "x-request-id": `dedup-${id}`,
          },
          body: JSON.stringify({ query: READ }),
        }),
      ),
    );
    assert.deepEqual(
      responses.map((response) => response.headers.get("x-request-id")),
      ["dedup-first", "dedup-second", "dedup-third"],
    );
    assert.equal(proxy.calls, 1);
  });

  it("answers each caller in the media type it accepts", async () => {
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "admin", roles: ["ADMIN"] });
    const types = ["application/graphql-response+json", "application/json"];
    const responses = await Promise.all(
      types.map((accept) =>
        fetch(platform.gatewayUrl, {
          method: "POST",
          headers: { "content-type": "application/json", accept, authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: READ }),
        }),
      ),
    );
    assert.deepEqual(
      responses.map((response) => response.headers.get("content-type")?.split(";")[0]),
      types,
    );
  });

  it("runs a traced request's operation on its own (its subgraph fetch may still share)", async () => {
    proxy.reset();
    const operationsBefore = await sharedOperations(platform.gatewayUrl);
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "admin", roles: ["ADMIN"] });
    const traceparents = [
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "00-1af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01",
    ];
    const answers = await Promise.all(
      traceparents.map((traceparent) =>
        postGraphQL(
          platform.gatewayUrl,
          READ,
          {},
          { authorization: `Bearer ${token}`, traceparent },
        ),
      ),
    );
    for (const answer of answers) assert.equal(answer.errors, undefined);
    assert.equal((await sharedOperations(platform.gatewayUrl)) - operationsBefore, 0);
    assert.equal(proxy.calls, 1, "the subgraph fetch was shared");
  });

  it("shares one subgraph fetch between different documents that need the same fetch", async () => {
    proxy.reset();
    const fetchesBefore = await sharedFetches(platform.gatewayUrl);
    // The same operation written ten ways: ten runs, and one fetch of the entities subgraph.
    const spellings = Array.from({ length: 10 }, (_, i) =>
      READ.replace("{ code", `{${" ".repeat(i + 1)}code`),
    );
    const answers = await Promise.all(
      spellings.map((query, i) => asCaller(["ADMIN"], `admin-${i}`, query)),
    );
    for (const answer of answers) assert.deepEqual(answer.data, answers[0]!.data);
    assert.equal(proxy.calls, 1);
    assert.equal((await sharedFetches(platform.gatewayUrl)) - fetchesBefore, 9, "/metrics");
  });

  it("never shares between an ANALYST and an ADMIN: the contact details reach the ADMIN only", async () => {
    proxy.reset();
    const [analyst, admin, liaison] = await Promise.all([
      asCaller(["ANALYST"], "analyst-1"),
      asCaller(["ADMIN"], "admin-1"),
      asCaller(["LIAISON"], "liaison-1"),
    ]);
    assert.equal(proxy.calls, 3, "one call per set of roles");
    assert.equal(analyst.data!.entityByCode.liaisons[0]!.email, null);
    assert.equal(admin.data!.entityByCode.liaisons[0]!.email, "liaison@example.gov.bh");
    assert.equal(liaison.data!.entityByCode.liaisons[0]!.email, "liaison@example.gov.bh");
  });

  it("shares between callers whose roles are the same, whoever they are (sub and entity are read by writes only)", async () => {
    proxy.reset();
    const token = (sub: string, entityId: string) =>
      signDevToken(DEV_JWT_SECRET, { sub, roles: ["LIAISON"], entityId });
    const read = async (sub: string, entityId: string) =>
      postGraphQL(
        platform.gatewayUrl,
        READ,
        {},
        {
          authorization: `Bearer ${await token(sub, entityId)}`,
        },
      ) as Promise<Read>;
    const [first, second] = await Promise.all([
      read("liaison-a", "00000000-0000-4000-8000-00000000000a"),
      read("liaison-b", "00000000-0000-4000-8000-00000000000b"),
    ]);
    assert.equal(proxy.calls, 1);
    assert.deepEqual(first.data, second.data);
  });

  it("never shares between languages: the Accept-Language picks the names", async () => {
    proxy.reset();
    const [arabic, english] = await Promise.all([
      asCaller(["ANALYST"], "analyst-ar", READ, "ar"),
      asCaller(["ANALYST"], "analyst-en", READ, "en"),
    ]);
    assert.equal(proxy.calls, 2);
    assert.equal(arabic.data!.entityByCode.name, "جهة التجربة");
    assert.equal(english.data!.entityByCode.name, "Trial entity");
  });

  it("gives a subgraph's failure to every waiter", async () => {
    proxy.reset();
    proxy.failWith = 500;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => asCaller(["ADMIN"], `admin-${i}`)),
    );
    assert.equal(proxy.calls, 1);
    for (const answer of answers) {
      assert.equal(answer.data?.entityByCode ?? null, null);
      assert.equal(answer.errors?.[0]?.extensions?.code, "SERVICE_UNAVAILABLE");
      assert.equal(answer.errors?.[0]?.message, "The entities service refused the request");
    }
  });

  it("lets a waiter hang up without cancelling the others; the last one out cancels the call", async () => {
    proxy.reset();
    const headers = async (sub: string) => ({
      "content-type": "application/json",
      authorization: `Bearer ${await signDevToken(DEV_JWT_SECRET, { sub, roles: ["ADMIN"] })}`,
    });
    const hangingUp = new AbortController();
    const leaving = fetch(platform.gatewayUrl, {
      method: "POST",
      headers: await headers("admin-leaving"),
      body: JSON.stringify({ query: READ }),
      signal: hangingUp.signal,
    }).catch((error: unknown) => error);
    const staying = [asCaller(["ADMIN"], "admin-2"), asCaller(["ADMIN"], "admin-3")];
    setTimeout(() => hangingUp.abort(), 100);
    assert.ok((await leaving) instanceof Error, "the leaving client's fetch was aborted");
    for (const answer of await Promise.all(staying)) {
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      assert.equal(answer.data!.entityByCode.code, CODE);
    }
    assert.equal(proxy.calls, 1);
    assert.equal(proxy.cancelled, 0, "the shared call ran to its end");

    proxy.reset();
    const everyone = Array.from({ length: 3 }, () => new AbortController());
    const all = everyone.map(async (controller, i) =>
      fetch(platform.gatewayUrl, {
        method: "POST",
        headers: await headers(`admin-gone-${i}`),
        body: JSON.stringify({ query: READ }),
        signal: controller.signal,
      }).catch((error: unknown) => error),
    );
    setTimeout(() => everyone.forEach((controller) => controller.abort()), 100);
    await Promise.all(all);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(proxy.calls, 1);
    assert.equal(proxy.cancelled, 1, "nobody waited any more: the call was cancelled");
  });

  it("never shares mutations: two identical registrations are two calls, and the second is refused", async () => {
    proxy.reset();
    const register = `mutation { registerEntity(input: { code: "${CODE}_TWICE", nameAr: "مرتين", kind: AGENCY }) { id } }`;
    const answers = await Promise.all([
      asCaller(["ADMIN"], "admin-1", register),
      asCaller(["ADMIN"], "admin-2", register),
    ]);
    assert.equal(proxy.calls, 2);
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? "OK").sort();
    assert.deepEqual(codes, ["CONFLICT", "OK"]);
  });

  it("is switched off by GATEWAY_DEDUPLICATE=false: every request makes its own call", async () => {
    // What the gateway logs: a client hanging up must not read as the subgraph failing.
    const logged: string[] = [];
    const gateway = await startGatewayOver(
      platform.subgraphUrls,
      {
        GATEWAY_DEDUPLICATE: "false",
        GATEWAY_MAX_IN_FLIGHT: "200",
        SUBGRAPH_URL_ENTITIES: proxyUrl,
      },
      createLogger("test-gateway", "info", { write: (line: string) => logged.push(line) }),
    );
    try {
      const { url } = gateway;
      const token = await signDevToken(DEV_JWT_SECRET, { sub: "admin", roles: ["ADMIN"] });
      await postGraphQL(url, READ, {}, { authorization: `Bearer ${token}` });
      proxy.reset();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          postGraphQL(url, READ, {}, { authorization: `Bearer ${token}` }),
        ),
      );
      for (const answer of answers) assert.equal(answer.errors, undefined);
      assert.equal(proxy.calls, 5);
      assert.equal(await sharedFetches(url), 0);
      assert.equal(await sharedOperations(url), 0);

      // A client hanging up drops its own call, which /metrics counts as cancelled, not as
      // the subgraph being unavailable.
      const fetches = (outcome: string) =>
        countedInMetrics(url, "gcn_gateway_subgraph_fetch_duration_seconds_count{", {
          subgraph: "entities",
          outcome,
        });
      const unavailableBefore = await fetches("unavailable");
      proxy.reset();
      const hangingUp = new AbortController();
      const leaving = fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: READ }),
        signal: hangingUp.signal,
      }).catch((error: unknown) => error);
      setTimeout(() => hangingUp.abort(), 100);
      assert.ok((await leaving) instanceof Error, "the client's fetch was aborted");
      await waitFor(async () => (await fetches("cancelled")) === 1, {
        what: "the dropped call counted as cancelled",
      });
      assert.equal(proxy.cancelled, 1, "the call was dropped");
      assert.equal(await fetches("unavailable"), unavailableBefore);
      // Logged as the client's hang-up (the planned path drops the request, or Apollo's executor
      // reads the same dropped call again), never as an unavailable service.
      await waitFor(() => logged.some((line) => line.includes('"CANCELLED"')), {
        what: "the hang-up logged with code CANCELLED",
      });
      const blamed = logged.filter(
        (line) => line.includes("SERVICE_UNAVAILABLE") || line.includes("internal error"),
      );
      assert.deepEqual(blamed, [], "no log line blames the entities service or the gateway");
    } finally {
      await gateway.close();
    }
  });
});

/** Every source file under `dir` (tests and built output left out). */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "dist" ? [] : sourcesUnder(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

describe("what of the identity a query's answer can depend on", () => {
  it("every read of the caller's identity in the subgraphs is a role check or belongs to a write", () => {
    const roots = [
      path.join(REPO_ROOT, "shared/src"),
      ...readdirSync(path.join(REPO_ROOT, "services")).map((s) =>
        path.join(REPO_ROOT, "services", s, "src"),
      ),
    ];
    const reads: string[] = [];
    for (const file of roots.flatMap(sourcesUnder)) {
      const relative = path.relative(REPO_ROOT, file);
      if (relative.startsWith(`shared${path.sep}src${path.sep}testing`)) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (/context\.identity|\.identity\b[?!]?\.|identityOf\(/.test(line))
            reads.push(`${relative}:${index + 1}: ${line.trim()}`);
        });
    }
    const allowed = (read: string) =>
      // Writes: mutation resolvers and the commands only they call (with their rules, and the
      // event metadata naming the actor).
      /-mutations\.resolver\.ts|\.commands\.ts|-rules\.helpers\.ts|owned-record\.rules\.ts|request-context\.ts/.test(
        read,
      ) ||
      // Role checks: hasRole, and type-graphql's @Authorized checker (roles only).
      /hasRole\(/.test(read) ||
      read.includes("auth-checker.ts") ||
      // Where the signed identity is verified and handed on; the briefings' documents, which
      // are not subgraph fetches of the gateway's (their cache key has the roles too).
      /subgraph-server\.ts|briefing-routes\.ts/.test(read);
    const others = reads.filter((read) => !allowed(read));
    assert.deepEqual(
      others,
      [],
      "a query reads the identity: put what it reads into the deduplication key (signed-subgraph-data-source.ts)",
    );
    assert.ok(
      reads.some((read) => read.includes("liaison.resolver.ts") && read.includes("hasRole")),
      "the contact-details rule is found by this scan",
    );
  });
});

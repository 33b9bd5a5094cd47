import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { signDevToken } from "@gcn/gateway";
import { createLogger, DEV_JWT_SECRET, type Role } from "@gcn/shared";
import { waitFor } from "@gcn/shared/testing";
import {
  countedInMetrics,
  startGatewayOver,
  startPlatformForTest,
  type TestPlatform,
} from "./platform-test-kit";

/**
 * A subgraph that is down (503 to every call) or, with `errors`, answers every entity with an
 * error at its path, or, with `held`, never answers; it keeps how many representations each
 * call carried, and how many held calls the gateway dropped (closed unanswered).
 */
class FailingSubgraph {
  errors = false;
  held = false;
  dropped = 0;
  /** The number of representations of each call, in order. */
  calls: number[] = [];
  private readonly server = http.createServer((req, res) => {
    res.on("close", () => {
      if (!res.writableFinished) this.dropped++;
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        variables?: { representations?: unknown[] };
      };
      const count = body.variables?.representations?.length ?? 0;
      this.calls.push(count);
      if (this.held) return;
      if (!this.errors) {
        res.writeHead(503, { "content-type": "text/plain" }).end("down");
        return;
      }
      const answer = {
        data: { _entities: Array.from({ length: count }, () => null) },
        errors: Array.from({ length: count }, (_, index) => ({
          message: `no score for entity ${index}`,
          path: ["_entities", index, "reputation"],
          extensions: { code: "NOT_FOUND" },
        })),
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface RawAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

const MONTH_PAGE = `query MonthPage($period: PeriodInput!) {
  calendar(period: $period) {
    date
    items {
      id title startsAt channels
      owner { id name reputation(period: $period) { score rank } initiativeSessions(period: $period) { id } }
    }
  }
}`;
const PERIOD = { year: 2027, month: 3 };

/** The same question asked through two gateways: one with the planned path, one without. */
describe("the gateway's planned path answers as Apollo's executor does", () => {
  let platform: TestPlatform;
  const down = new FailingSubgraph();
  const gateways: { close: () => Promise<void> }[] = [];
  /** Apollo Server and Apollo's executor for every request (GATEWAY_FAST_PATH=false). */
  let apolloUrl = "";
  /** Both gateways with the reputation subgraph down. */
  let brokenFastUrl = "";
  let brokenApolloUrl = "";
  let entityCode = "";
  let downUrl = "";

  async function startGateway(env: Record<string, string>): Promise<string> {
    const gateway = await startGatewayOver(platform.subgraphUrls, {
      GATEWAY_DEDUPLICATE: "false",
      ...env,
    });
    gateways.push(gateway);
    return gateway.url;
  }

  async function post(
    url: string,
    query: string,
    variables: Record<string, unknown>,
    roles: Role[],
    headers: Record<string, string> = {},
    extensions?: Record<string, unknown>,
  ): Promise<RawAnswer> {
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "planned", roles });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables, extensions }),
    });
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: await response.text(),
    };
  }

  const planned = (url: string, outcome: "answered" | "handed_over" | "dropped") =>
    countedInMetrics(url, `gcn_gateway_planned_operations_total{outcome="${outcome}"`);

  /**
   * Asks twice through `fastUrl` (the first request plans the document, through Apollo; the
   * second takes the planned path) and once through `slowUrl`: the second answer must be the
   * Apollo-only gateway's, byte for byte, with its status and media type.
   */
  async function compare(
    query: string,
    variables: Record<string, unknown>,
    roles: Role[],
    options: { headers?: Record<string, string>; fastUrl?: string; slowUrl?: string } = {},
  ) {
    const fastUrl = options.fastUrl ?? platform.gatewayUrl;
    const slowUrl = options.slowUrl ?? apolloUrl;
    await post(fastUrl, query, variables, roles, options.headers);
    const answeredBefore = await planned(fastUrl, "answered");
    const handedBefore = await planned(fastUrl, "handed_over");
    const fast = await post(fastUrl, query, variables, roles, options.headers);
    const slow = await post(slowUrl, query, variables, roles, options.headers);
    assert.deepEqual(fast, slow, "the planned path answers as Apollo does");
    return {
      answer: fast,
      answered: (await planned(fastUrl, "answered")) - answeredBefore,
      handedOver: (await planned(fastUrl, "handed_over")) - handedBefore,
    };
  }

  before(async () => {
    platform = await startPlatformForTest({ gatewayEnv: { GATEWAY_DEDUPLICATE: "false" } });
    const registered = await platform.as<{ registerEntity: { id: string; code: string } }>(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "PLANNED", nameAr: "جهة المسار", nameEn: "Planned path agency", kind: AGENCY }) { id code } }`,
    );
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    const { id, code } = registered.data!.registerEntity;
    entityCode = code;
    const appointed = await platform.as(
      ["ADMIN"],
      `mutation ($entityId: ID!) { appointLiaison(input: { entityId: $entityId, fullNameAr: "منسق", role: PRIMARY, email: "planned@example.gov.bh", phone: "+97317000001" }) { id } }`,
      { entityId: id },
    );
    assert.equal(appointed.errors, undefined, JSON.stringify(appointed.errors));
    await waitFor(
      async () => {
        const [{ n }] = (await platform.plan.dataSource.query(
          `SELECT count(*)::int AS n FROM entity_ref`,
        )) as { n: number }[];
        return n === 1;
      },
      { timeoutMs: 10_000, what: "the plan's entity projection" },
    );
    for (let day = 1; day <= 3; day++) {
      const scheduled = await platform.as(
        ["ADMIN"],
        `mutation($input: SchedulePlanItemInput!) { schedulePlanItem(input: $input) { id } }`,
        {
          input: {
            ownerId: id,
            kind: "EVENT",
            titleAr: `فعالية ${day}`,
            titleEn: `Event ${day}`,
            startsAt: new Date(Date.UTC(2027, 2, day, 6)).toISOString(),
            endsAt: new Date(Date.UTC(2027, 2, day, 8)).toISOString(),
            channels: ["TV", "X"],
            priority: "NORMAL",
          },
        },
      );
      assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
    }
    apolloUrl = await startGateway({ GATEWAY_FAST_PATH: "false" });
    downUrl = await down.listen();
    brokenFastUrl = await startGateway({ SUBGRAPH_URL_REPUTATION: downUrl });
    brokenApolloUrl = await startGateway({
      SUBGRAPH_URL_REPUTATION: downUrl,
      GATEWAY_FAST_PATH: "false",
    });
  });
  after(async () => {
    for (const gateway of gateways) await gateway.close();
    await down.close();
    await platform?.stop();
  });

  it("answers the month page across four subgraphs on the planned path, as Apollo does", async () => {
    const { answer, answered, handedOver } = await compare(MONTH_PAGE, { period: PERIOD }, [
      "ANALYST",
    ]);
    assert.equal(answer.status, 200);
    const page = JSON.parse(answer.body) as {
      data: { calendar: { items: { owner: { name: string } }[] }[] };
    };
    const items = page.data.calendar.flatMap((day) => day.items);
    assert.equal(items.length, 3);
    assert.equal(items[0]!.owner.name, "جهة المسار");
    assert.equal(answered, 1, "/metrics: answered on the planned path");
    assert.equal(handedOver, 0);
  });

  it("gives an analyst null contact details and an ADMIN the email, on the planned path", async () => {
    const read = `query($code: String!) { entityByCode(code: $code) { code name liaisons { fullNameAr email phone } } }`;
    const asAnalyst = await compare(read, { code: entityCode }, ["ANALYST"]);
    const asAdmin = await compare(read, { code: entityCode }, ["ADMIN"]);
    assert.match(asAnalyst.answer.body, /"email":null/);
    assert.match(asAdmin.answer.body, /"email":"planned@example.gov.bh"/);
    assert.equal(asAnalyst.answered + asAdmin.answered, 2);
  });

  it("keeps aliases, fragments, __typename and a field asked twice in the client's order", async () => {
    const query = `query Shapes($code: String!) {
      kind: __typename
      first: entityByCode(code: $code) { ...Names code __typename }
      entityByCode(code: $code) { ... on GovernmentEntity { id code } name liaisons { email } code }
    }
    fragment Names on GovernmentEntity { name nameAlias: name code }`;
    const { answer, answered } = await compare(query, { code: entityCode }, ["LIAISON"]);
    assert.equal(answered, 1);
    const start = `{"data":{"kind":"Query","first":{"name":"جهة المسار","nameAlias":"جهة المسار","code":"PLANNED","__typename":"GovernmentEntity"},"entityByCode":{"id":`;
    assert.ok(answer.body.startsWith(start), answer.body);
  });

  it("answers in the media type the client accepts, as Apollo Server negotiates it", async () => {
    const read = `query($code: String!) { entityByCode(code: $code) { code } }`;
    for (const accept of ["application/graphql-response+json", "application/json", "*/*"]) {
      const { answer, answered } = await compare(read, { code: entityCode }, ["ANALYST"], {
        headers: { accept },
      });
      assert.equal(answered, 1, accept);
      assert.match(
        answer.contentType ?? "",
        accept.includes("graphql") ? /graphql/ : /^application\/json/,
      );
    }
  });

  it("leaves variables the schema refuses to Apollo, which answers them with its coded error", async () => {
    const { answer, answered } = await compare(MONTH_PAGE, { period: { year: "soon" } }, [
      "ANALYST",
    ]);
    assert.equal(answer.status, 400);
    assert.match(answer.body, /BAD_USER_INPUT/);
    assert.equal(answered, 0);
  });

  it("remembers accepted variables, yet checks again a number too large for a double", async () => {
    const query = `query Few($first: Int) { entities(first: $first) { totalCount } }`;
    for (const variables of [{ first: 5 }, { first: 5 }, { first: null }]) {
      const { answer, answered } = await compare(query, variables, ["ANALYST"]);
      assert.equal(answer.status, 200);
      assert.equal(answered, 1, `${JSON.stringify(variables)} on the planned path`);
    }
    // 1e400 parses as Infinity, whose JSON is `null`, like the set just accepted: it must be
    // refused as Apollo refuses it, not sent on as null.
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "planned", roles: ["ANALYST"] });
    const raw = async (url: string) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: `{"query":${JSON.stringify(query)},"variables":{"first":1e400}}`,
      });
      return { status: response.status, body: await response.text() };
    };
    const fast = await raw(platform.gatewayUrl);
    assert.deepEqual(fast, await raw(apolloUrl), "the planned path answers as Apollo does");
    assert.equal(fast.status, 400);
    assert.match(fast.body, /BAD_USER_INPUT/);
  });

  it("hands a subgraph failure to Apollo with the calls already made: one call, Apollo's answer", async () => {
    down.errors = false;
    down.calls = [];
    const { answer, answered, handedOver } = await compare(
      MONTH_PAGE,
      { period: PERIOD },
      ["ANALYST"],
      { fastUrl: brokenFastUrl, slowUrl: brokenApolloUrl },
    );
    // One call each: the first request's (through Apollo), the planned path's (which Apollo's
    // run replayed instead of calling again) and the Apollo-only gateway's. The planned path
    // sent the three items' one owner once; Apollo sends it once per item.
    assert.deepEqual(down.calls, [3, 1, 3], "one call per request, none made twice");
    assert.equal(handedOver, 1, "/metrics: handed over");
    assert.equal(answered, 0);
    const page = JSON.parse(answer.body) as {
      data: { calendar: { items: { owner: { name: string; reputation: unknown } }[] }[] };
      errors: { extensions: { code: string; serviceName: string } }[];
    };
    assert.equal(page.errors[0]!.extensions.code, "SERVICE_UNAVAILABLE");
    assert.equal(page.errors[0]!.extensions.serviceName, "reputation");
    assert.equal(page.data.calendar[0]!.items[0]!.owner.name, "جهة المسار", "the rest is answered");
  });

  it("drops a request whose client hung up, instead of having Apollo answer nobody", async () => {
    const logged: string[] = [];
    const gateway = await startGatewayOver(
      { ...platform.subgraphUrls, reputation: downUrl },
      { GATEWAY_DEDUPLICATE: "false" },
      createLogger("test-gateway", "info", { write: (line: string) => logged.push(line) }),
    );
    gateways.push(gateway);
    down.errors = false;
    down.held = false;
    down.calls = [];
    down.dropped = 0;
    // The first request plans the document (through Apollo); the second takes the planned path.
    await post(gateway.url, MONTH_PAGE, { period: PERIOD }, ["ANALYST"]);
    logged.length = 0;
    down.held = true;
    const handedBefore = await planned(gateway.url, "handed_over");
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "planned", roles: ["ANALYST"] });
    const hangingUp = new AbortController();
    const leaving = fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: MONTH_PAGE, variables: { period: PERIOD } }),
      signal: hangingUp.signal,
    }).catch((error: unknown) => error);
    try {
      await waitFor(() => down.calls.length === 2, { what: "the planned path's reputation call" });
    } finally {
      hangingUp.abort();
      // Calls after this test's are answered again.
      down.held = false;
    }
    assert.ok((await leaving) instanceof Error, "the client's fetch was aborted");
    await waitFor(async () => (await planned(gateway.url, "dropped")) === 1, {
      what: "/metrics: the request dropped",
    });
    await waitFor(() => down.dropped === 1, { what: "the held call closed unanswered" });
    assert.equal(await planned(gateway.url, "handed_over"), handedBefore, "nothing handed over");
    assert.equal(down.calls.length, 2, "no call made again");
    assert.equal(
      await countedInMetrics(gateway.url, "gcn_graphql_requests_total{", {
        operation: "MonthPage",
        outcome: "CANCELLED",
      }),
      1,
      "/metrics: the request counted as cancelled",
    );
    await waitFor(() => logged.some((line) => line.includes("request dropped")), {
      what: "the hang-up logged",
    });
    const dropped = JSON.parse(logged.find((line) => line.includes("request dropped"))!) as {
      errors: { code: string }[];
    };
    assert.deepEqual(
      dropped.errors.map((error) => error.code),
      ["CANCELLED"],
    );
    assert.deepEqual(
      logged.filter((line) => /answered with errors|SERVICE_UNAVAILABLE|internal error/.test(line)),
      [],
      "no answer was made, and nobody is blamed",
    );
  });

  it("asks again as Apollo does when a deduplicated fetch answers errors, so their paths are Apollo's", async () => {
    down.errors = true;
    down.calls = [];
    const { answer, handedOver } = await compare(MONTH_PAGE, { period: PERIOD }, ["ANALYST"], {
      fastUrl: brokenFastUrl,
      slowUrl: brokenApolloUrl,
    });
    // Each of the two requests through the planned gateway (the document is planned already):
    // the planned path's call with the one owner, then Apollo's own with the three items'
    // representations, since the errors' paths count the one owner; then the Apollo-only one.
    assert.deepEqual(down.calls, [1, 3, 1, 3, 3]);
    assert.equal(handedOver, 1);
    const page = JSON.parse(answer.body) as { errors: { path: (string | number)[] }[] };
    assert.deepEqual(
      page.errors.map((error) => error.path.join(".")),
      [
        "calendar.0.items.0.owner.reputation",
        "calendar.1.items.0.owner.reputation",
        "calendar.2.items.0.owner.reputation",
      ],
    );
  });

  it("takes Apollo Client 4's requests, which name the client library, and no persisted query", async () => {
    // Apollo Client 4 sends this with every operation (client awareness, on by default).
    const clientLibrary = { clientLibrary: { name: "@apollo/client", version: "4.3.8" } };
    const read = `query ByClient { entityByCode(code: "PLANNED") { code name } }`;
    await post(platform.gatewayUrl, read, {}, ["ANALYST"], {}, clientLibrary);
    const answeredBefore = await planned(platform.gatewayUrl, "answered");
    const fast = await post(platform.gatewayUrl, read, {}, ["ANALYST"], {}, clientLibrary);
    const slow = await post(apolloUrl, read, {}, ["ANALYST"], {}, clientLibrary);
    assert.deepEqual(fast, slow, "the planned path answers as Apollo does");
    assert.equal((await planned(platform.gatewayUrl, "answered")) - answeredBefore, 1);
    // A persisted query's hash, or an extension nobody here knows, is Apollo Server's to read.
    await post(
      platform.gatewayUrl,
      read,
      {},
      ["ANALYST"],
      {},
      {
        persistedQuery: { version: 1, sha256Hash: "0".repeat(64) },
      },
    );
    await post(platform.gatewayUrl, read, {}, ["ANALYST"], {}, { ...clientLibrary, tracing: true });
    assert.equal((await planned(platform.gatewayUrl, "answered")) - answeredBefore, 1);
  });

  it("never takes a mutation, a traced request or an unplanned document", async () => {
    const answeredBefore = await planned(platform.gatewayUrl, "answered");
    const rename = `mutation { registerEntity(input: { code: "PLANNED", nameAr: "مكرر", kind: AGENCY }) { id } }`;
    await post(platform.gatewayUrl, rename, {}, ["ADMIN"]);
    await post(platform.gatewayUrl, rename, {}, ["ADMIN"]);
    const read = `{ entityByCode(code: "PLANNED") { name } }`;
    await post(platform.gatewayUrl, read, {}, ["ANALYST"]);
    const traced = await post(platform.gatewayUrl, read, {}, ["ANALYST"], {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    });
    assert.equal(traced.status, 200);
    assert.equal((await planned(platform.gatewayUrl, "answered")) - answeredBefore, 0);
    await post(platform.gatewayUrl, read, {}, ["ANALYST"]);
    assert.equal((await planned(platform.gatewayUrl, "answered")) - answeredBefore, 1);
  });
});

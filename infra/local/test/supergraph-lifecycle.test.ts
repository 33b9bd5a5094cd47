import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  composeSupergraph,
  GatewayServer,
  readGatewayConfig,
  readSubgraphList,
  REPO_ROOT,
} from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { postGraphQL, waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

/** Departments deploy a subgraph and publish a new composition: the gateway takes it live. */
describe("supergraph lifecycle", () => {
  let platform: TestPlatform;
  let gateway: GatewayServer | undefined;
  let loadedGateway: GatewayServer | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcn-supergraph-"));
  const file = path.join(dir, "supergraph.graphql");

  before(async () => {
    platform = await startPlatformForTest();
  });
  after(async () => {
    await gateway?.close();
    await loadedGateway?.close();
    await platform.stop();
  });

  const compose = (names: string[]) => {
    const result = composeSupergraph(
      REPO_ROOT,
      readSubgraphList(REPO_ROOT).filter((s) => names.includes(s.name)),
    );
    assert.deepEqual(result.errors, []);
    return result.supergraphSdl!;
  };

  it("starts with a subgraph down, and picks up a newly composed supergraph without a restart", async () => {
    writeFileSync(file, compose(["entities"]));
    gateway = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          GATEWAY_PORT: "0",
          HOST: "127.0.0.1",
          SUPERGRAPH_PATH: file,
          SUBGRAPH_URL_ENTITIES: platform.subgraphUrls.entities,
          // Nothing listens here: the plan subgraph is "down" when the gateway starts.
          SUBGRAPH_URL_PLAN: "http://127.0.0.1:9/graphql",
        }),
      ),
      createLogger("lifecycle-test", "silent"),
    );
    await gateway.listen();
    const url = `http://127.0.0.1:${gateway.port}/graphql`;
    const headers = { authorization: `Bearer ${await platform.token(["ANALYST"])}` };
    const before = await postGraphQL(url, `{ entities { totalCount } }`, {}, headers);
    assert.equal(before.errors, undefined);
    const unknown = await postGraphQL(
      url,
      `{ clashes(period: { year: 2026, month: 11 }) { sharedChannels } }`,
      {},
      headers,
    );
    assert.equal(
      unknown.errors?.[0]?.extensions?.code,
      "GRAPHQL_VALIDATION_FAILED",
      "the plan is not in the supergraph yet",
    );

    writeFileSync(file, compose(["entities", "plan"]));
    const down = await waitFor(
      async () => {
        const result = await postGraphQL(
          url,
          `{ clashes(period: { year: 2026, month: 11 }) { sharedChannels } }`,
          {},
          headers,
        );
        return result.errors?.[0]?.extensions?.code === "SERVICE_UNAVAILABLE" ? result : undefined;
      },
      { timeoutMs: 10_000, what: "the gateway to load the new supergraph" },
    );
    assert.equal(
      down.errors![0]!.extensions!.serviceName,
      "plan",
      "the new field routes to the (down) plan subgraph",
    );
    const entities = await postGraphQL(url, `{ entities { totalCount } }`, {}, headers);
    assert.equal(entities.errors, undefined, "the rest keeps working");

    writeFileSync(file, "this is not a supergraph");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const still = await postGraphQL(url, `{ entities { totalCount } }`, {}, headers);
    assert.equal(still.errors, undefined, "a broken file leaves the current supergraph in place");
  });

  it("serves a new supergraph within 5 s, with no failed request under 200 requests/s", async () => {
    const loadedFile = path.join(dir, "loaded-supergraph.graphql");
    writeFileSync(loadedFile, compose(["entities", "plan", "initiatives"]));
    loadedGateway = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          GATEWAY_PORT: "0",
          HOST: "127.0.0.1",
          SUPERGRAPH_PATH: loadedFile,
          SUBGRAPH_URL_ENTITIES: platform.subgraphUrls.entities,
          SUBGRAPH_URL_PLAN: platform.subgraphUrls.plan,
          SUBGRAPH_URL_INITIATIVES: platform.subgraphUrls.initiatives,
          SUBGRAPH_URL_REPUTATION: platform.subgraphUrls.reputation,
        }),
      ),
      createLogger("lifecycle-test", "silent"),
    );
    await loadedGateway.listen();
    const url = `http://127.0.0.1:${loadedGateway.port}/graphql`;
    const headers = { authorization: `Bearer ${await platform.token(["ANALYST"])}` };

    // 200 requests/s, each checked, across the swap.
    const failures: string[] = [];
    const inFlight: Promise<void>[] = [];
    let sent = 0;
    const fire = () => {
      sent += 1;
      inFlight.push(
        postGraphQL(url, `{ entities(first: 1) { totalCount } }`, {}, headers).then(
          (result) => {
            if (result.status !== 200 || result.errors) {
              failures.push(`${result.status} ${JSON.stringify(result.errors)}`);
            }
          },
          (error: unknown) => {
            failures.push(String(error));
          },
        ),
      );
    };
    const loadStarted = Date.now();
    // Timers drift, so each tick sends whatever keeps the total at 200 per elapsed second.
    const load = setInterval(() => {
      const due = Math.floor(((Date.now() - loadStarted) / 1000) * 200);
      while (sent < due) fire();
    }, 25);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const published = Date.now();
      writeFileSync(loadedFile, compose(["entities", "plan", "initiatives", "reputation"]));
      await waitFor(
        async () => {
          const result = await postGraphQL(url, `{ scoreWeights { __typename } }`, {}, headers);
          return result.errors ? undefined : result;
        },
        { timeoutMs: 30_000, intervalMs: 50, what: "the new supergraph to be served" },
      );
      const servedAfterMs = Date.now() - published;
      console.log(`# new supergraph served ${servedAfterMs} ms after the file was written`);
      assert.ok(servedAfterMs <= 5000, `served after ${servedAfterMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      clearInterval(load);
    }
    const loadEnded = Date.now();
    await Promise.all(inFlight);
    const seconds = (loadEnded - loadStarted) / 1000;
    console.log(
      `# ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), ${failures.length} failed`,
    );
    assert.ok(
      sent / seconds >= 180,
      `the load reached ~200 requests/s (${Math.round(sent / seconds)}/s)`,
    );
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${sent} requests failed`);
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { postGraphQL, testServerUrl, waitFor } from "@gcn/shared/testing";
import { Client } from "pg";
import { composedSupergraphOf, startPlatformForTest, type TestPlatform } from "./platform-test-kit";

/**
 * A department publishes a new composition while front ends keep querying: a load drill, run
 * with the fault drills (alone on the machine, so the 5 s bar measures the gateway, not the
 * other test files sharing the CPU).
 */
describe("supergraph reload under load", () => {
  let platform: TestPlatform;
  let loadedGateway: GatewayServer | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcn-supergraph-"));

  before(async () => {
    // The drill before this one may leave PostgreSQL flushing its writes for a while; the bar
    // is about the gateway, so the flush is done first.
    const client = new Client({ connectionString: testServerUrl() });
    await client.connect();
    await client.query("CHECKPOINT").finally(() => client.end());
    platform = await startPlatformForTest();
  });
  after(async () => {
    await loadedGateway?.close();
    await platform.stop();
  });

  it("serves a new supergraph within 5 s, with no failed request under 200 requests/s", async () => {
    const loadedFile = path.join(dir, "loaded-supergraph.graphql");
    writeFileSync(loadedFile, composedSupergraphOf(["entities", "plan", "initiatives"]));
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
      writeFileSync(
        loadedFile,
        composedSupergraphOf(["entities", "plan", "initiatives", "reputation"]),
      );
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

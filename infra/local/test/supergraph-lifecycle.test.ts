import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { postGraphQL, waitFor } from "@gcn/shared/testing";
import { composedSupergraphOf, startPlatformForTest, type TestPlatform } from "./platform-test-kit";

/** Departments deploy a subgraph and publish a new composition: the gateway takes it live. */
describe("supergraph lifecycle", () => {
  let platform: TestPlatform;
  let gateway: GatewayServer | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcn-supergraph-"));
  const file = path.join(dir, "supergraph.graphql");

  before(async () => {
    platform = await startPlatformForTest();
  });
  after(async () => {
    await gateway?.close();
    await platform.stop();
  });

  it("starts with a subgraph down, and picks up a newly composed supergraph without a restart", async () => {
    writeFileSync(file, composedSupergraphOf(["entities"]));
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

    writeFileSync(file, composedSupergraphOf(["entities", "plan"]));
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
});

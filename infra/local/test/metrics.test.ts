import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

/** Sums the samples of a metric in Prometheus text whose labels include every given pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) =>
      line.includes(`${key}="${value}"`),
    );
    if (matches) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

describe("Prometheus /metrics", () => {
  let platform: TestPlatform;
  let gatewayOrigin: string;
  const scrape = async (origin: string) => {
    const response = await fetch(`${origin}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/plain/);
    return response.text();
  };
  const originOf = (url: string) => new URL(url).origin;

  before(async () => {
    platform = await startPlatformForTest();
    gatewayOrigin = originOf(platform.gatewayUrl);
  });
  after(async () => {
    await platform.stop();
  });

  it("counts requests, subgraph fetches, SQL statements and events after traffic", async () => {
    const gatewayBefore = await scrape(gatewayOrigin);
    const entitiesBefore = await scrape(originOf(platform.subgraphUrls.entities));
    const planBefore = await scrape(originOf(platform.subgraphUrls.plan));

    const registered = await platform.as(
      ["ADMIN"],
      `mutation RegisterForMetrics { registerEntity(input: { code: "METRICS", nameAr: "جهة القياس", kind: AGENCY }) { id } }`,
    );
    assert.equal(registered.errors, undefined);
    for (let i = 0; i < 3; i++) {
      await platform.as(["ANALYST"], `query EntityPage { entities(first: 5) { totalCount } }`);
    }
    await platform.as(["ANALYST"], `query Broken { entities(first: -1) { totalCount } }`);

    const gateway = await scrape(gatewayOrigin);
    const requests = (text: string, operation: string, outcome: string) =>
      sample(text, "gcn_graphql_requests_total", { operation, outcome });
    assert.equal(
      requests(gateway, "EntityPage", "ok") - requests(gatewayBefore, "EntityPage", "ok"),
      3,
    );
    assert.equal(requests(gateway, "RegisterForMetrics", "ok"), 1);
    assert.equal(requests(gateway, "Broken", "BAD_USER_INPUT"), 1);
    assert.ok(
      sample(gateway, "gcn_gateway_subgraph_fetch_duration_seconds_count", {
        subgraph: "entities",
        outcome: "ok",
      }) -
        sample(gatewayBefore, "gcn_gateway_subgraph_fetch_duration_seconds_count", {
          subgraph: "entities",
          outcome: "ok",
        }) >=
        4,
    );
    assert.ok(sample(gateway, "gcn_process_resident_memory_bytes") > 0, "process metrics");

    const entities = await scrape(originOf(platform.subgraphUrls.entities));
    assert.ok(
      sample(entities, "gcn_sql_statements_total") >
        sample(entitiesBefore, "gcn_sql_statements_total"),
    );
    assert.ok(sample(entities, "gcn_graphql_request_duration_seconds_count") >= 5);
    assert.ok(sample(entities, "gcn_db_pool_connections") >= 1);
    assert.match(entities, /gcn_outbox_backlog\{service="entities"\} \d+/);
    // The registration's event is published by the relay and applied by the plan's consumer.
    const planAfter = await waitFor(
      async () => {
        const text = await scrape(originOf(platform.subgraphUrls.plan));
        const applied = (t: string) =>
          sample(t, "gcn_events_handled_total", { outcome: "applied" });
        return applied(text) > applied(planBefore) ? text : undefined;
      },
      { timeoutMs: 5_000, what: "the plan's consumer to count the EntityRegistered event" },
    );
    assert.ok(sample(planAfter, "gcn_event_end_to_end_seconds_count") >= 1);
    const entitiesLater = await scrape(originOf(platform.subgraphUrls.entities));
    assert.ok(sample(entitiesLater, "gcn_outbox_published_total") >= 1);
    assert.equal(sample(entitiesLater, "gcn_outbox_relay_active"), 1);
  });
});

import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

describe("gateway resilience when a subgraph is down", () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startPlatformForTest();
    await platform.as(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "RES", nameAr: "جهة الاختبار", kind: AGENCY }) { id } }`,
    );
  });
  after(async () => {
    await platform.stop();
  });

  const query = `{ entityByCode(code: "RES") { code name reputation(period: { year: 2026, month: 10 }) { score } } }`;

  it("answers 200 with the other subgraphs' data, null where the stopped one contributes, and an error naming it; then recovers", async () => {
    const server = platform.reputation.server.httpServer;
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    const response = await fetch(platform.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await platform.token(["ANALYST"])}`,
      },
      body: JSON.stringify({ query }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      data: { entityByCode: { code: string; name: string; reputation: null } };
      errors: { message: string; extensions: { code: string; serviceName: string } }[];
    };
    assert.deepEqual(body.data.entityByCode, {
      code: "RES",
      name: "جهة الاختبار",
      reputation: null,
    });
    assert.equal(body.errors[0]!.extensions.serviceName, "reputation", JSON.stringify(body.errors));
    assert.equal(body.errors[0]!.message, "The reputation service is unavailable");
    const text = JSON.stringify(body.errors);
    assert.doesNotMatch(
      text,
      /127\.0\.0\.1|localhost|ECONNREFUSED|at .*\.js/,
      "no internal URL or stack",
    );

    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
    const recovered = await waitFor(
      async () => {
        const result = await platform.as<{ entityByCode: { reputation: null } }>(
          ["ANALYST"],
          query,
        );
        return result.errors ? undefined : result;
      },
      { timeoutMs: 5_000, what: "the gateway to reach the subgraph again" },
    );
    assert.deepEqual(recovered.data, {
      entityByCode: { code: "RES", name: "جهة الاختبار", reputation: null },
    });
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GatewayServer, readGatewayConfig, savedOperations } from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { postGraphQL, type GraphQLResponse } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const SERVICES = ["entities", "plan", "initiatives", "reputation"] as const;
type Service = (typeof SERVICES)[number];

type Data = Record<string, unknown>;

/**
 * The four front-end pages: the saved operation each is, the service that owns its root (down,
 * the page has nothing to show but the error), the services it reads, and what "its own data
 * arrived" means.
 */
const PAGES: {
  name: string;
  own: Service;
  uses: Service[];
  arrived: (data: Data) => boolean;
}[] = [
  {
    name: "MonthCalendar",
    own: "plan",
    uses: ["plan", "entities", "reputation"],
    arrived: (data) =>
      (data.calendar as { items: unknown[] }[]).some((day) => day.items.length > 0),
  },
  {
    name: "MeetingReview",
    own: "entities",
    uses: ["entities", "plan", "initiatives", "reputation"],
    arrived: (data) => (data.networkMeetings as { agenda: unknown[] }[]).length > 0,
  },
  {
    name: "EntityProfile",
    own: "entities",
    uses: ["entities", "plan", "initiatives", "reputation"],
    arrived: (data) => (data.entityByCode as { code?: string } | null)?.code === "MIA",
  },
  {
    name: "ReputationRanking",
    own: "reputation",
    uses: ["reputation", "entities"],
    arrived: (data) =>
      ((data.reputationReportFor as { scores: unknown[] } | null)?.scores.length ?? 0) > 0,
  },
];

/** R20: each subgraph stopped while each page is asked. */
describe("R20: the pages with one subgraph down", () => {
  let platform: TestPlatform;
  let token: string;
  const gateways = new Map<Service, { server: GatewayServer; url: string }>();

  before(async () => {
    platform = await startPlatformForTest({ seedDemoData: true });
    token = await platform.token(["ANALYST"]);
    // One gateway per stopped subgraph: its address answers nothing (port 9 is closed).
    for (const down of SERVICES) {
      const urls: Record<string, string> = {};
      for (const service of SERVICES) {
        urls[`SUBGRAPH_URL_${service.toUpperCase()}`] =
          service === down ? "http://127.0.0.1:9/graphql" : platform.subgraphUrls[service]!;
      }
      const server = new GatewayServer(
        readGatewayConfig(new EnvReader({ GATEWAY_PORT: "0", HOST: "127.0.0.1", ...urls })),
        createLogger("r20", "silent"),
      );
      await server.listen();
      gateways.set(down, { server, url: `http://127.0.0.1:${server.port}/graphql` });
    }
  });
  after(async () => {
    for (const { server } of gateways.values()) await server.close();
    await platform.stop();
  });

  const ask = (url: string, page: string): Promise<GraphQLResponse<Data>> => {
    const operation = savedOperations("Asia/Bahrain").find((op) => op.name === page)!;
    return postGraphQL<Data>(url, operation.query, operation.variables, {
      authorization: `Bearer ${token}`,
    });
  };

  for (const page of PAGES) {
    it(`${page.name}: complete with every subgraph up`, async () => {
      const result = await ask(platform.gatewayUrl, page.name);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.ok(page.arrived(result.data!), "the demo data is there");
    });

    for (const down of SERVICES) {
      it(`${page.name} with ${down} down: ${down === page.own ? "says so" : page.uses.includes(down) ? "its own data arrives, the missing service named" : "unaffected"}`, async () => {
        const result = await ask(gateways.get(down)!.url, page.name);
        assert.equal(result.status, 200);
        const codes = (result.errors ?? []).map((error) => error.extensions?.code);
        assert.ok(
          codes.every((code) => code === "SERVICE_UNAVAILABLE"),
          `only SERVICE_UNAVAILABLE: ${JSON.stringify(result.errors)}`,
        );
        if (!page.uses.includes(down)) {
          assert.equal(result.errors, undefined);
          assert.ok(page.arrived(result.data!));
          return;
        }
        assert.ok(
          result.errors!.some((error) => error.extensions?.serviceName === down),
          `an error names ${down}: ${JSON.stringify(result.errors)}`,
        );
        assert.doesNotMatch(JSON.stringify(result.errors), /127\.0\.0\.1|ECONNREFUSED|stack/);
        if (down === page.own) return;
        assert.ok(result.data, "the page's data object arrives");
        assert.ok(page.arrived(result.data), `${page.name}'s own data arrives without ${down}`);
      });
    }
  }
});

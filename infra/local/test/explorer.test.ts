import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT } from "@gcn/gateway";
import { chromium, type Browser } from "playwright-core";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

interface SavedOperation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

interface MeetingReview {
  networkMeetings: {
    title: string;
    achievements: { title: string; owner: { name: string } }[];
    upcomingItems: unknown[];
    initiativeHighlights: unknown[];
    agenda: unknown[];
  }[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.join(REPO_ROOT, "test-output/explorer-meeting-review.png");

/** Analysts on a closed network: the self-hosted explorer, its saved operations, Sandbox. */
describe("explorer for analysts", () => {
  let platform: TestPlatform;
  let origin: string;
  let operations: SavedOperation[];

  before(async () => {
    platform = await startPlatformForTest({ seedDemoData: true });
    origin = new URL(platform.gatewayUrl).origin;
    operations = (await (
      await fetch(`${origin}/explorer/saved-operations.json`)
    ).json()) as SavedOperation[];
  });
  after(async () => {
    await platform.stop();
  });

  it("serves the page and every asset it loads from the gateway itself, under a same-origin CSP", async () => {
    const page = await fetch(`${origin}/explorer/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.length >= 5, `the page loads its scripts and styles: ${assets.join(", ")}`);
    for (const asset of assets) {
      assert.doesNotMatch(asset, /^(https?:)?\/\//, `${asset} must be local`);
      const response = await fetch(new URL(asset, `${origin}/explorer/`));
      assert.equal(response.status, 200, asset);
      assert.ok((await response.arrayBuffer()).byteLength > 100, `${asset} has content`);
    }
    const redirect = await fetch(`${origin}/explorer`, { redirect: "manual" });
    assert.equal(redirect.headers.get("location"), "/explorer/");
  });

  it("offers the four saved operations (the pages of the README's degraded-pages table), each admitted by the limits and answered without errors", async () => {
    assert.deepEqual(
      operations.map((op) => op.name),
      ["MeetingReview", "ReputationRanking", "MonthCalendar", "EntityProfile"],
    );
    for (const operation of operations) {
      const result = await platform.as(["ANALYST"], operation.query, operation.variables);
      assert.equal(result.errors, undefined, `${operation.name}: ${JSON.stringify(result.errors)}`);
    }
    const calendar = await platform.as<{ calendar: unknown[]; clashes: unknown[] }>(
      ["ANALYST"],
      operations[2]!.query,
      operations[2]!.variables,
    );
    assert.ok(calendar.data!.calendar.length > 0, "the demo month has plan days");
    assert.ok(calendar.data!.clashes.length > 0, "the demo month has its clashes");
  });

  it("shows Apollo Sandbox (which needs the internet) on /graphql in a browser", async () => {
    const landing = await fetch(platform.gatewayUrl, { headers: { accept: "text/html" } });
    assert.equal(landing.status, 200);
    assert.match(await landing.text(), /embeddable-sandbox|apollo-server-landing-page/);
  });

  it("runs the meeting review in headless Chromium with no request leaving the gateway", async (t) => {
    if (!existsSync(CHROMIUM)) {
      const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
      if (process.env.CI) assert.fail(`CI must run the explorer test: ${reason}`);
      console.log(`# skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const outside: string[] = [];
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.route("**/*", async (route) => {
        const url = route.request().url();
        if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
        outside.push(url);
        return route.abort();
      });
      await page.goto(`${origin}/explorer/`);
      await page.locator(".graphiql-execute-button").waitFor({ timeout: 20_000 });
      await page.fill("#gcn-token", await platform.token(["ANALYST"]));
      const answered = page.waitForResponse(
        (response) =>
          response.url().endsWith("/graphql") &&
          response.request().method() === "POST" &&
          (response.request().postData() ?? "").includes("MeetingReview"),
      );
      await page.click(".graphiql-execute-button");
      const body = (await (await answered).json()) as { data?: MeetingReview; errors?: unknown };
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const meeting = body.data!.networkMeetings[0]!;
      assert.match(meeting.title, /الاجتماع الشهري لشبكة التواصل الحكومي/);
      assert.ok(meeting.achievements.length > 0, "the review lists the month's achievements");
      assert.ok(meeting.agenda.length > 0 && meeting.upcomingItems.length > 0);
      // The result pane shows what came back.
      await page
        .locator(".graphiql-response")
        .getByText("الاجتماع الشهري لشبكة التواصل الحكومي", { exact: false })
        .first()
        .waitFor({ timeout: 10_000 });
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      console.log(`# explorer screenshot: ${path.relative(process.cwd(), SCREENSHOT)}`);
      assert.deepEqual(outside, [], "no request may leave the gateway's origin");
      assert.deepEqual(pageErrors, [], "the page runs without script errors");
    } finally {
      await browser?.close();
    }
  });
});

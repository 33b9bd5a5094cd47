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
const LIVE_SCREENSHOT = path.join(REPO_ROOT, "test-output/explorer-month-live.png");

/** Analysts on a closed network: the self-hosted explorer, its saved operations, Sandbox. */
describe("explorer for analysts", () => {
  let platform: TestPlatform;
  let origin: string;
  let operations: SavedOperation[];
  /** An admin schedules an item of this month for the demo's MIA (what MonthLive watches). */
  const scheduleThisMonth = async (titleAr: string) => {
    const live = operations.find((op) => op.name === "MonthLive")!;
    const { year, month } = live.variables.period as { year: number; month: number };
    const owner = await platform.as<{ entityByCode: { id: string } }>(
      ["ADMIN"],
      `{ entityByCode(code: "MIA") { id } }`,
    );
    const startsAt = new Date(Date.UTC(year, month - 1, 20, 7)).toISOString();
    const result = await platform.as(
      ["ADMIN"],
      `mutation($input: SchedulePlanItemInput!) { schedulePlanItem(input: $input) { id } }`,
      {
        input: {
          ownerId: owner.data!.entityByCode.id,
          kind: "EVENT",
          titleAr,
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
          channels: ["PRESS"],
          priority: "NORMAL",
        },
      },
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  };

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

  it("offers the four pages of the README's degraded-pages table, the month's briefing and the live month, each admitted by the limits and answered without errors", async () => {
    assert.deepEqual(
      operations.map((op) => op.name),
      [
        "MeetingReview",
        "ReputationRanking",
        "MonthCalendar",
        "EntityProfile",
        "MonthBriefing",
        "MonthLive",
      ],
    );
    for (const operation of operations.filter((op) => op.name !== "MonthLive")) {
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

  it("runs the live month's subscription over Server-Sent Events, as the page does", async () => {
    const live = operations.find((op) => op.name === "MonthLive")!;
    const controller = new AbortController();
    const response = await fetch(platform.gatewayUrl, {
      method: "POST",
      headers: {
        accept: "text/event-stream",
        "content-type": "application/json",
        authorization: `Bearer ${await platform.token(["ANALYST"])}`,
      },
      body: JSON.stringify({ query: live.query, variables: live.variables }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const title = "فعالية مباشرة من المستكشف";
    await scheduleThisMonth(title);
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes(title)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const data = JSON.parse(/^data: (.+)$/m.exec(text)![1]!) as {
      data: { planItemChanged: { item: { title: string; owner: { name: string } } } };
    };
    assert.equal(data.data.planItemChanged.item.title, title);
    assert.ok(data.data.planItemChanged.item.owner.name, "with its owner's name");
  });

  it("shows Apollo Sandbox (which needs the internet) on /graphql in a browser", async () => {
    const landing = await fetch(platform.gatewayUrl, { headers: { accept: "text/html" } });
    assert.equal(landing.status, 200);
    assert.match(await landing.text(), /embeddable-sandbox|apollo-server-landing-page/);
  });

  it("runs the meeting review and the live month in headless Chromium with no request leaving the gateway", async (t) => {
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

      // The live month: the page runs the subscription and shows each change as it comes.
      await page.selectOption("#gcn-saved", "MonthLive");
      await page.locator(".graphiql-execute-button").waitFor({ timeout: 10_000 });
      const streaming = page.waitForRequest(
        (request) =>
          request.url().endsWith("/graphql") &&
          request.headers().accept === "text/event-stream" &&
          (request.postData() ?? "").includes("MonthLive"),
      );
      await page.click(".graphiql-execute-button");
      await streaming;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const title = "تغيير مباشر في المتصفح";
      await scheduleThisMonth(title);
      await page
        .locator(".graphiql-response")
        .getByText(title, { exact: false })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.screenshot({ path: LIVE_SCREENSHOT });
      console.log(`# explorer screenshot: ${path.relative(process.cwd(), LIVE_SCREENSHOT)}`);

      // The briefing pack: the HTML button fetches it with the token and opens it in a tab.
      await page.selectOption("#gcn-briefing-lang", "en");
      const opened = page.context().waitForEvent("page");
      await page.click("#gcn-open-html");
      const pack = await opened;
      await pack.getByText("Monthly briefing pack", { exact: false }).first().waitFor();
      assert.match(await pack.locator("body").innerText(), /DRAFT/);
      await pack.close();
      assert.deepEqual(outside, [], "no request may leave the gateway's origin");
      assert.deepEqual(pageErrors, [], "the page runs without script errors");
    } finally {
      await browser?.close();
    }
  });
});

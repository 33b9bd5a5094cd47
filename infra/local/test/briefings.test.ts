import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { CHARTS_PER_ENTITY, CHARTS_PER_PACK, PackLocale } from "@gcn/briefings";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import { createLogger, EnvReader, monthIn } from "@gcn/shared";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REPO = path.resolve(__dirname, "../../../..");
const run = promisify(execFile);

/** What the tests need beyond Node: Chromium (the PDFs) and poppler-utils (reading them). */
function missingTools(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
  } catch {
    return "no pdftotext (apt-get install poppler-utils)";
  }
  return undefined;
}

type Period = { year: number; month: number };
const name = (p: Period) => `${p.year}-${String(p.month).padStart(2, "0")}`;

/**
 * Text of a PDF (all pages, or one), compared without bidi marks, whitespace and diacritics, and
 * without the letters of Arabic ligatures (lam-alef, the name of God): pdftotext gives those
 * letters back in the wrong order (poppler's extraction), though the page shows them right.
 */
function pdfText(file: string, page?: number): string {
  const pages = page ? ["-f", String(page), "-l", String(page)] : [];
  return squash(execFileSync("pdftotext", [...pages, file, "-"], { encoding: "utf8" }));
}
function squash(text: string): string {
  // Marks (diacritics), bidi controls, whitespace, and lam, the alefs and heh.
  const ignored = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\s\u0644\u0627\u0623\u0625\u0622\u0647]/g;
  return text.replace(/\p{Mn}/gu, "").replace(ignored, "");
}
function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
}

interface DemoReport {
  id: string;
  status: string;
  scores: { score: number; entity: { id: string; nameAr: string } }[];
  recommendations: { messageAr: string; entity: { id: string } }[];
}

describe("the monthly briefing pack", () => {
  let platform: TestPlatform;
  let origin: string;
  let folder: string;
  const thisMonth: Period = monthIn(new Date(), "Asia/Bahrain") as Period;
  const lastMonth: Period =
    thisMonth.month === 1
      ? { year: thisMonth.year - 1, month: 12 }
      : { year: thisMonth.year, month: thisMonth.month - 1 };
  const tokens: Record<string, string> = {};
  const skip = missingTools();

  const get = (pathname: string, role = "ADMIN", headers: Record<string, string> = {}) =>
    fetch(`${origin}${pathname}`, {
      headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers },
    });
  /** A document, saved in the test's folder; its path and response. */
  async function fetchPack(pathname: string, role = "ADMIN") {
    const response = await get(pathname, role);
    assert.equal(response.status, 200, `${pathname}: ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    const file = path.join(folder, `${role}-${pathname.replace(/\W+/g, "_")}`);
    writeFileSync(file, body);
    return { response, body, file };
  }
  async function issuedStatus(period: Period) {
    const answer = await platform.as<{ briefing: { status: string; htmlSha256: string | null } }>(
      ["ANALYST"],
      `query($p: PeriodInput!) {
         briefing(period: $p) { status draft htmlSha256(locale: AR) pdfSha256(locale: AR) } }`,
      { p: period },
    );
    return answer.data?.briefing;
  }

  before(async () => {
    if (skip) return;
    folder = mkdtempSync(path.join(tmpdir(), "gcn-briefing-"));
    platform = await startPlatformForTest({ seedDemoData: true });
    origin = platform.gatewayUrl.replace(/\/graphql$/, "");
    for (const role of ["ADMIN", "ANALYST"] as const) tokens[role] = await platform.token([role]);
    // The demo publishes last month's report at start: its pack is issued from that event.
    const deadline = Date.now() + 60_000;
    while ((await issuedStatus(lastMonth))?.status !== "ISSUED") {
      assert.ok(Date.now() < deadline, "last month's pack was not issued within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(async () => {
    await platform?.stop();
  });

  const report = async (period: Period) =>
    (
      await platform.as<{ reputationReportFor: DemoReport }>(
        ["ADMIN"],
        `query($p: PeriodInput!) { reputationReportFor(period: $p) { id status
           scores { score entity { id nameAr } } recommendations { messageAr entity { id } } } }`,
        { p: period },
      )
    ).data!.reputationReportFor;

  it("issues a published month in both languages and serves it again byte for byte", async (t) => {
    if (skip) return t.skip(skip);
    const links = await platform.as<{
      networkMeetings: {
        period: Period;
        briefing: { htmlUrl: string; pdfUrl: string; draft: boolean } | null;
      }[];
      reputationReportFor: {
        briefing: { status: string; draft: boolean; issuedAt: string; htmlSha256: string };
      };
    }>(
      ["ANALYST"],
      `query($p: PeriodInput!, $y: Int!) {
         networkMeetings(year: $y) {
           period { year month }
           briefing { htmlUrl(locale: EN) pdfUrl(locale: EN) draft }
         }
         reputationReportFor(period: $p) {
           briefing { status draft issuedAt htmlSha256(locale: AR) }
         } }`,
      { p: lastMonth, y: thisMonth.year },
    );
    assert.deepEqual(links.errors, undefined);
    const issued = links.data!.reputationReportFor.briefing;
    assert.equal(issued.status, "ISSUED");
    assert.equal(issued.draft, false);
    const meeting = links.data!.networkMeetings.find((m) => m.period.month === thisMonth.month);
    assert.equal(meeting?.briefing?.htmlUrl, `/briefings/${name(thisMonth)}.html?lang=en`);
    assert.equal(meeting?.briefing?.pdfUrl, `/briefings/${name(thisMonth)}.pdf?lang=en`);
    assert.equal(meeting?.briefing?.draft, true, "this month's report is still a draft");

    const first = await fetchPack(`/briefings/${name(lastMonth)}.html?lang=ar`, "ADMIN");
    const again = await fetchPack(`/briefings/${name(lastMonth)}.html?lang=ar`, "ANALYST");
    assert.equal(first.response.headers.get("x-briefing-status"), "ISSUED");
    assert.ok(first.body.equals(again.body), "the issued HTML is the same bytes for every reader");
    assert.equal(first.response.headers.get("x-content-sha256"), issued.htmlSha256);
    assert.equal(first.response.headers.get("etag"), `"${issued.htmlSha256}"`);
    const unchanged = await get(`/briefings/${name(lastMonth)}.html?lang=ar`, "ADMIN", {
      "if-none-match": `"${issued.htmlSha256}"`,
    });
    assert.equal(unchanged.status, 304);
    const pdfs = await Promise.all(
      [1, 2].map(() => fetchPack(`/briefings/${name(lastMonth)}.pdf?lang=ar`)),
    );
    assert.ok(pdfs[0]!.body.equals(pdfs[1]!.body), "the issued PDF is the same bytes every time");
    assert.match(pdfs[0]!.response.headers.get("content-type")!, /^application\/pdf/);
    // Issued as an ANALYST reads it: no liaison's email, whoever fetches it.
    assert.doesNotMatch(first.body.toString("utf8"), /@[\w.-]+\.(bh|com|org)\b/);
    const english = await fetchPack(`/briefings/${name(lastMonth)}.html?lang=en`);
    assert.match(english.body.toString("utf8"), /<html lang="en" dir="ltr">/);
    assert.match(first.body.toString("utf8"), /<html lang="ar" dir="rtl">/);
  });

  it("prints every entity's Arabic name and score, each recommendation and each clash in the PDF", async (t) => {
    if (skip) return t.skip(skip);
    const published = await report(lastMonth);
    assert.equal(published.status, "PUBLISHED");
    const clashes = (
      await platform.as<{ clashes: { a: { titleAr: string }; b: { titleAr: string } }[] }>(
        ["ADMIN"],
        `query($p: PeriodInput!) { clashes(period: $p) { a { titleAr } b { titleAr } } }`,
        { p: thisMonth },
      )
    ).data!.clashes;
    const { file, body } = await fetchPack(`/briefings/${name(lastMonth)}.pdf?lang=ar`);
    assert.ok(body.subarray(0, 5).toString() === "%PDF-");
    const text = pdfText(file);
    const arabic = new PackLocale("ar", "Asia/Bahrain");
    assert.ok(published.scores.length >= 10, "the demo scores its entities");
    for (const { entity, score } of published.scores) {
      assert.ok(text.includes(squash(entity.nameAr)), `the PDF names ${entity.nameAr}`);
      assert.ok(text.includes(squash(arabic.score(score))), `${entity.nameAr}'s ${score}`);
    }
    assert.ok(published.recommendations.length > 0, "the demo has recommendations");
    for (const { messageAr } of published.recommendations) {
      assert.ok(text.includes(squash(messageAr)), `the PDF has "${messageAr}"`);
    }
    assert.ok(clashes.length > 0, "the demo has a clash next month");
    for (const { a, b } of clashes) {
      assert.ok(text.includes(squash(a.titleAr)) && text.includes(squash(b.titleAr)), a.titleAr);
    }
    // A cover, the achievements, next month, the reputation section, a page per entity and the
    // meeting: each starts a page; a long one runs over onto the next.
    const { entities } = (
      await platform.as<{ entities: { totalCount: number } }>(
        ["ADMIN"],
        `{ entities(first: 1, filter: { active: true }) { totalCount } }`,
      )
    ).data!;
    const sections = 5 + entities.totalCount;
    const pages = pageCount(file);
    assert.ok(pages >= sections && pages <= 2 * sections, `${pages} pages, ${sections} sections`);
    const tops = Array.from({ length: pages }, (_, i) => pdfText(file, i + 1));
    for (const { entity } of published.scores) {
      const starts = tops.filter((top) => top.startsWith(squash(entity.nameAr))).length;
      assert.equal(starts, 1, `${entity.nameAr}'s page starts a page of its own`);
    }
  });

  it("draws one chart, as SVG, per chart of the month and of each entity page", async (t) => {
    if (skip) return t.skip(skip);
    const { body } = await fetchPack(`/briefings/${name(lastMonth)}.html?lang=ar`);
    const html = body.toString("utf8");
    const scored = (await report(lastMonth)).scores.length;
    const charts = [...html.matchAll(/<figure class="chart" data-chart="([\w-]+)"><svg /g)].map(
      (m) => m[1],
    );
    for (const kind of CHARTS_PER_PACK) {
      assert.equal(charts.filter((c) => c === kind).length, 1, kind);
    }
    for (const kind of CHARTS_PER_ENTITY) {
      assert.equal(charts.filter((c) => c === kind).length, scored, kind);
    }
    assert.doesNotMatch(html, /<script/i, "the document runs nothing");
  });

  it("renders a month whose report is a draft live, DRAFT on every page, for the reader", async (t) => {
    if (skip) return t.skip(skip);
    assert.equal((await report(thisMonth)).status, "DRAFT");
    const { file, response } = await fetchPack(`/briefings/${name(thisMonth)}.pdf?lang=ar`);
    assert.equal(response.headers.get("x-briefing-status"), "DRAFT");
    assert.equal(response.headers.get("cache-control"), "no-store");
    const pages = pageCount(file);
    assert.ok(pages > 5);
    for (let page = 1; page <= pages; page++) {
      assert.match(pdfText(file, page), /DRAFT/, `page ${page} says DRAFT`);
    }
    assert.equal((await issuedStatus(thisMonth))?.status, "DRAFT", "a draft is never kept");
  });

  it("shows liaisons' email and phone to an ADMIN only, never in an ANALYST's pack", async (t) => {
    if (skip) return t.skip(skip);
    const contacts = (
      await platform.as<{ liaisons: { email: string | null; phone: string | null }[] }>(
        ["ADMIN"],
        `{ liaisons { email phone } }`,
      )
    ).data!.liaisons.flatMap((l) => [l.email, l.phone].filter((v): v is string => !!v));
    assert.ok(contacts.length > 0);
    const admin = (await fetchPack(`/briefings/${name(thisMonth)}.html?lang=en`, "ADMIN")).body;
    const analyst = (await fetchPack(`/briefings/${name(thisMonth)}.html?lang=en`, "ANALYST")).body;
    assert.ok(
      contacts.some((c) => admin.includes(c)),
      "the ADMIN's draft lists contacts",
    );
    for (const contact of contacts) {
      assert.ok(!analyst.includes(contact), `the ANALYST's pack must not show ${contact}`);
    }
  });

  it("refuses a bad address, a bad language and a missing token with coded errors", async (t) => {
    if (skip) return t.skip(skip);
    const cases: [string, string, number, string][] = [
      [`/briefings/${thisMonth.year}-13.html`, "ADMIN", 400, "BAD_USER_INPUT"],
      [`/briefings/${name(thisMonth)}.html?lang=fr`, "ADMIN", 400, "BAD_USER_INPUT"],
      [`/briefings/${name(thisMonth)}.docx`, "ADMIN", 404, "NOT_FOUND"],
      [`/briefings/${name(thisMonth)}.html`, "", 401, "UNAUTHENTICATED"],
    ];
    for (const [pathname, role, status, code] of cases) {
      const response = await get(pathname, role);
      assert.equal(response.status, status, pathname);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      assert.equal(body.errors[0]!.extensions.code, code, pathname);
    }
    const direct = await fetch(
      `${platform.subgraphUrls.briefings!.replace(/\/graphql$/, "")}/briefings/${name(lastMonth)}.html`,
    );
    assert.equal(direct.status, 401, "the service itself answers only the gateway's signed calls");
  });

  it("renders one from the command line against the running gateway, with progress", async (t) => {
    if (skip) return t.skip(skip);
    const out = path.join(folder, "cli-pack.pdf");
    const { stderr } = await run(
      process.execPath,
      [
        path.join(REPO, "services/briefings/dist/src/briefing-cli.js"),
        ...["--period", name(lastMonth), "--lang", "en", "--out", out],
        ...["--gateway", platform.gatewayUrl, "--token", tokens.ANALYST!],
      ],
      { timeout: 60_000 },
    );
    assert.match(stderr, /\[1\/4\] asking/);
    assert.match(stderr, /\[3\/4\] printing the PDF/);
    assert.match(stderr, /\[4\/4\] wrote/);
    assert.equal(readFileSync(out).subarray(0, 5).toString(), "%PDF-");
    assert.ok(pdfText(out).includes(squash("Monthly briefing pack")));
  });

  it("with the reputation subgraph down still renders the other sections and names what is missing", async (t) => {
    if (skip) return t.skip(skip);
    // A gateway whose reputation subgraph answers nothing (port 9), read by the briefings.
    const degraded = new GatewayServer(
      readGatewayConfig(
        new EnvReader({
          GATEWAY_PORT: "0",
          HOST: "127.0.0.1",
          ...Object.fromEntries(
            Object.entries(platform.subgraphUrls).map(([service, url]) => [
              `SUBGRAPH_URL_${service.toUpperCase()}`,
              service === "reputation" ? "http://127.0.0.1:9/graphql" : url,
            ]),
          ),
        }),
      ),
      createLogger("briefing-test", "silent"),
    );
    await degraded.listen();
    platform.briefings.gatewayReady(`http://127.0.0.1:${degraded.port}/graphql`);
    try {
      const response = await get(`/briefings/${name(thisMonth)}.html?lang=en`, "ANALYST");
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("x-briefing-missing"), "reputation");
      const html = await response.text();
      assert.match(html, /Unavailable: the reputation service could not be reached/);
      assert.match(html, /class="calendar"/, "next month's plan is there");
      assert.match(html, /class="page achievements"/);
      assert.match(html, /class="page entity"/, "the entity pages are there, without scores");
      assert.doesNotMatch(html, /data-chart="national-index"/);
    } finally {
      platform.briefings.gatewayReady(platform.gatewayUrl);
      await degraded.close();
    }
  });
});

import { DEV_JWT_SECRET, monthIn, signDevToken, type Role } from "@gcn/shared";
import type { Period } from "../bench-data";
import { progress, type BenchStack } from "../bench-stack";
import { startEmbeddedStack } from "../embedded-stack";
import { graphql, runLoad, warmUp } from "../load-runner";
import { treePssBytes } from "../process-usage";
import { round, type BenchSize, type FigureResult } from "./figure";

const name = (p: Period) => `${p.year}-${String(p.month).padStart(2, "0")}`;

async function timedGet(url: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(120_000) });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) {
    throw new Error(`${url}: HTTP ${response.status} ${body.toString("utf8").slice(0, 300)}`);
  }
  return { seconds: (performance.now() - started) / 1000, bytes: body.length, response };
}

/** The demo month's HTML on `npm start` (this month, live; last month, issued) at 4 at once. */
async function demoHtml(size: BenchSize) {
  progress("P9: starting `npm start`'s stack with the demo data");
  const stack = await startEmbeddedStack("briefing-demo");
  try {
    const headers = {
      authorization: `Bearer ${await signDevToken(DEV_JWT_SECRET, { sub: "bench", roles: ["ANALYST"] })}`,
    };
    const thisMonth = monthIn(new Date(), "Asia/Bahrain");
    const lastMonth =
      thisMonth.month === 1
        ? { year: thisMonth.year - 1, month: 12 }
        : { year: thisMonth.year, month: thisMonth.month - 1 };
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { briefing } = await graphql<{ briefing: { draft: boolean } }>(
        `${stack.gatewayOrigin}/graphql`,
        `
          query ($p: PeriodInput!) {
            briefing(period: $p) {
              draft
            }
          }
        `,
        { p: lastMonth },
        headers,
      );
      if (!briefing.draft) break;
      if (Date.now() > deadline)
        throw new Error("the demo's published month was not issued in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const load = async (period: Period) => {
      const options = {
        url: `${stack.gatewayOrigin}/briefings/${name(period)}.html?lang=ar`,
        headers,
        connections: 4,
      };
      await warmUp(options);
      const result = await runLoad({ ...options, durationSeconds: size.loadSeconds });
      if (result.failures > 0) throw new Error(`${options.url}: ${result.failures} failures`);
      return result;
    };
    progress(`P9: the demo's draft month ${name(thisMonth)} (rendered live), 4 at once`);
    const live = await load(thisMonth);
    progress(`P9: the demo's issued month ${name(lastMonth)}, 4 at once`);
    const issued = await load(lastMonth);
    // A change (the draft report generated again) makes the next reader's render a new one.
    const admin = {
      authorization: `Bearer ${await signDevToken(DEV_JWT_SECRET, { sub: "bench", roles: ["ADMIN"] })}`,
    };
    await graphql(
      `${stack.gatewayOrigin}/graphql`,
      `
        mutation ($p: PeriodInput!) {
          generateReport(period: $p) {
            id
          }
        }
      `,
      { p: thisMonth },
      admin,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterChange = await timedGet(
      `${stack.gatewayOrigin}/briefings/${name(thisMonth)}.html?lang=ar`,
      headers,
    );
    return { live, issued, afterChangeMs: afterChange.seconds * 1000 };
  } finally {
    await stack.stop();
  }
}

/**
 * P9: the briefing pack. The demo month's HTML on `npm start` at 4 concurrent readers, and the
 * PDF of the benchmark's 200-entity month through the deployed stack (each service its own
 * process), with the briefings process's memory, Chromium's processes included.
 */
export async function measureBriefingPack(
  stack: BenchStack,
  size: BenchSize,
  period: Period,
): Promise<FigureResult> {
  const origin = new URL(stack.gatewayUrl).origin;
  const url = `${origin}/briefings/${name(period)}.pdf?lang=ar`;
  progress(`P9: the PDF of ${name(period)} (${size.entities} entities), 1 cold and 3 warm`);
  // Readers of different roles get renders of their own: each of these is a whole render
  // (the query, the charts, Chromium's print), none is a kept draft.
  const readers: Role[][] = [["ANALYST"], ["ADMIN"], ["ANALYST", "INGEST"], ["ADMIN", "ANALYST"]];
  const renders = [];
  for (const roles of readers) {
    renders.push(await timedGet(url, { authorization: `Bearer ${await stack.token(roles)}` }));
  }
  const [cold, ...warm] = renders as [
    Awaited<ReturnType<typeof timedGet>>,
    ...Awaited<ReturnType<typeof timedGet>>[],
  ];
  const slowest = Math.max(...warm.map((w) => w.seconds));
  const memory = treePssBytes(stack.servicePid("briefings"));
  const rssMiB = round(memory.bytes / 1024 / 1024, 0);
  const { live, issued, afterChangeMs } = await demoHtml(size);
  const pass = live.p99Ms <= 300 && issued.p99Ms <= 300 && slowest <= 10;
  return {
    id: "P9",
    what: `briefing pack: the demo month's HTML at 4 concurrent readers; the PDF of a ${size.entities}-entity month`,
    measured:
      `demo HTML live (draft) p50 ${round(live.p50Ms, 0)} ms, p99 ${round(live.p99Ms, 0)} ms, ` +
      `first render after a change ${round(afterChangeMs, 0)} ms; ` +
      `issued p99 ${round(issued.p99Ms, 0)} ms; PDF of ${size.entities} entities ` +
      `${round(slowest, 1)} s (cold, Chromium starting: ${round(cold.seconds, 1)} s), ` +
      `${Math.round(cold.bytes / 1024)} KiB; renderer ${rssMiB} MiB (PSS of ${memory.processes} processes)`,
    bar: "HTML p99 <= 300 ms at 4 concurrent; PDF <= 10 s",
    pass,
    details: {
      liveHtml: live,
      issuedHtml: issued,
      afterChangeMs,
      pdfSeconds: warm.map((w) => w.seconds),
      pdfColdSeconds: cold.seconds,
      pdfBytes: cold.bytes,
      rendererPssBytes: memory.bytes,
      rendererProcesses: memory.processes,
    },
  };
}

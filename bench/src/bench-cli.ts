import path from "node:path";
import { parseArgs } from "node:util";
import {
  loadEntities,
  loadPlanMonth,
  loadSamples,
  loadSessions,
  settleDatabase,
  waitForEntityProjections,
  type Period,
} from "./bench-data";
import {
  cpuCalibrationMs,
  machineDescription,
  renderTable,
  writeResults,
  type BenchRun,
} from "./bench-report";
import { progress, REPO_ROOT, startBenchStack, type BenchStack } from "./bench-stack";
import { FULL, QUICK, type FigureResult } from "./figures/figure";
import { graphql } from "./load-runner";
import { measureGatewayOverhead } from "./figures/p1-gateway-overhead";
import { measurePageQuery, measureStatements } from "./figures/p2-p3-page-query";
import { measureEventLatency } from "./figures/p4-event-latency";
import { measureIngestion } from "./figures/p5-ingestion";
import { measureAnalytics } from "./figures/p6-analytics";
import { measureFootprint } from "./figures/p7-footprint";
import { measureSubscriptionFanout } from "./figures/p8-subscription-fanout";
import { measureBriefingPack } from "./figures/p9-briefing-pack";
import { gatewayCpuFigure } from "./figures/p1c-gateway-cpu";
import { measurePeers } from "./figures/p1p-peers";
import { startPeerGateways } from "./peers/peer-gateways";

const USAGE = `usage: npm run bench [-- --quick] [--only P1,P4] [--peers]
  --quick   every figure small (under 3 minutes); writes bench/results/quick.md and .json
  --only    run only these figures
  --peers   also P1p: ours against stock @apollo/gateway and Grafbase's gateway (about 8 min)
Full runs write bench/results/latest.md and latest.json. Exits non-zero only when it could not run.`;

/** The P3 months: few, some and many plan items; P2 uses the middle one. */
const MONTHS: Period[] = [
  { year: 2025, month: 4 },
  { year: 2025, month: 5 },
  { year: 2025, month: 6 },
];

async function generateReports(stack: BenchStack, periods: Period[]): Promise<void> {
  const headers = { authorization: `Bearer ${await stack.token(["ADMIN"])}` };
  for (const period of periods) {
    await graphql(
      stack.gatewayUrl,
      `
        mutation ($p: PeriodInput!) {
          generateReport(period: $p) {
            id
          }
        }
      `,
      { p: period },
      headers,
    );
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      peers: { type: "boolean", default: false },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const size = values.quick ? QUICK : FULL;
  const only = values.only ? new Set(values.only.toUpperCase().split(",")) : undefined;
  // P1p only when asked for (--peers, or by name in --only): it starts five more gateways.
  const asked = (id: string) =>
    id === "P1p" ? values.peers || Boolean(only?.has("P1P")) : !only || only.has(id.toUpperCase());
  // P1c is read during P1's and P2's runs.
  const wanted = (id: string) => asked(id) || ((id === "P1" || id === "P2") && asked("P1c"));
  const started = Date.now();
  const calibrationMs = cpuCalibrationMs();
  progress(`CPU calibration: ${calibrationMs} ms (lower is faster; compare runs by it)`);
  const figures: FigureResult[] = [];
  const notRun: BenchRun["notRun"] = [];
  let infrastructure = "";

  const attempt = async (
    id: string,
    measure: () => Promise<FigureResult>,
  ): Promise<FigureResult | undefined> => {
    if (!wanted(id)) return undefined;
    try {
      const figure = await measure();
      figures.push(figure);
      progress(`${figure.id} ${figure.pass ? "pass" : "FAIL"}: ${figure.measured}`);
      return figure;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      notRun.push({ id, reason });
      progress(`${id} could not be measured: ${reason}`);
      return undefined;
    }
  };

  const PLATFORM_FIGURES = ["P1", "P1c", "P1p", "P2", "P3", "P4", "P5", "P6", "P8", "P9"];
  if (PLATFORM_FIGURES.some(wanted)) {
    let stack: BenchStack | undefined;
    try {
      stack = await startBenchStack();
      infrastructure = stack.infra.describe.join("; ");
      progress(`loading ${size.entities} entities`);
      const entityIds = await loadEntities(stack, size.entities);
      await waitForEntityProjections(stack, size.entities);
      // Each figure's data only when a figure that reads it runs (`--only` stays quick).
      if (wanted("P2") || wanted("P1c") || wanted("P1p") || wanted("P3") || wanted("P9")) {
        for (const [index, period] of MONTHS.entries()) {
          progress(
            `loading ${size.itemCounts[index]} plan items for ${period.year}-${period.month}`,
          );
          await loadPlanMonth(stack, period, size.itemCounts[index]!, entityIds);
        }
        await loadSessions(stack, MONTHS[1]!, 60, entityIds);
      }
      let samples = 0;
      if (["P1c", "P1p", "P2", "P3", "P6", "P9"].some(wanted)) {
        progress(`loading ${size.entities} x 7 platforms x ${size.sampleDays} days of samples`);
        const lastDay = new Date(Date.UTC(MONTHS[2]!.year, MONTHS[2]!.month, 0))
          .toISOString()
          .slice(0, 10);
        samples = await loadSamples(stack, entityIds, size.sampleDays, lastDay);
      }
      progress("writing the loaded data out (CHECKPOINT) before measuring");
      await settleDatabase(stack.databases.reputation);
      const live = stack;
      await attempt("P6", () => measureAnalytics(live, size, samples, MONTHS[1]!, entityIds[0]!));
      const p1 = await attempt("P1", () => measureGatewayOverhead(live, size));
      const p2 = await attempt("P2", () => measurePageQuery(live, size, MONTHS[1]!));
      if (p1 && p2) await attempt("P1c", async () => gatewayCpuFigure(p1, p2));
      if (wanted("P1p")) {
        // The month page reads the month's report, as the front end's does.
        await generateReports(live, [MONTHS[1]!]);
        await attempt("P1p", async () => {
          const peers = await startPeerGateways(live);
          try {
            return await measurePeers(live, size, MONTHS[1]!, peers);
          } finally {
            for (const peer of peers) await peer.stop();
          }
        });
      }
      // Every P3 month gets its report, so the three pages differ only in their item count.
      if (wanted("P3")) await generateReports(live, [MONTHS[0]!, MONTHS[1]!, MONTHS[2]!]);
      await attempt("P3", () =>
        measureStatements(
          live,
          MONTHS.map((period, i) => ({ period, items: size.itemCounts[i]! })),
        ),
      );
      await attempt("P4", () => measureEventLatency(live, size, entityIds));
      await attempt("P5", () => measureIngestion(live, size, entityIds));
      if (wanted("P8") && (wanted("P4") || wanted("P5"))) {
        // P4 and P5 leave the disk busy flushing what they wrote; P8 times the relay too.
        progress("writing P4's and P5's data out (CHECKPOINT) before P8");
        await settleDatabase(live.databases.reputation);
      }
      await attempt("P8", () => measureSubscriptionFanout(live, size, entityIds));
      // The month P2 reads: its items, sessions, samples and (from P3, or here) its report.
      if (wanted("P9") && !wanted("P3")) await generateReports(live, [MONTHS[1]!]);
      await attempt("P9", () => measureBriefingPack(live, size, MONTHS[1]!));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      progress(`could not run the platform figures: ${reason}`);
      for (const id of PLATFORM_FIGURES) {
        if (wanted(id) && !figures.some((f) => f.id === id) && !notRun.some((n) => n.id === id)) {
          notRun.push({ id, reason });
        }
      }
    } finally {
      await stack?.stop();
    }
  }
  await attempt("P7", () => measureFootprint());

  figures.sort((a, b) => a.id.localeCompare(b.id));
  const run: BenchRun = {
    date: new Date().toISOString(),
    mode: size.quick ? "quick" : "full",
    machine: machineDescription(),
    calibrationMs,
    node: process.version,
    infrastructure,
    seconds: (Date.now() - started) / 1000,
    command: [
      "npm run bench",
      ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : []),
    ].join(" "),
    figures,
    notRun,
  };
  const written = writeResults(run, path.join(REPO_ROOT, "bench/results"));
  console.log(`\n${renderTable(run)}\n`);
  for (const figure of figures) if (figure.appendix) console.log(`${figure.appendix}\n`);
  console.log(`written: ${written.map((file) => path.relative(process.cwd(), file)).join(", ")}`);
  const failed = figures.filter((f) => !f.pass).map((f) => f.id);
  if (failed.length) console.log(`below the bar: ${failed.join(", ")}`);
  // A figure below its bar is a result, not a crash; only a figure that could not run fails.
  return notRun.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FigureResult } from "./figures/figure";

export interface BenchRun {
  date: string;
  mode: "full" | "quick";
  machine: string;
  /** cpuCalibrationMs() when the run started: how fast the machine was that day. */
  calibrationMs: number;
  node: string;
  infrastructure: string;
  seconds: number;
  /** The command line that made the run, e.g. `npm run bench -- --peers`. */
  command: string;
  figures: FigureResult[];
  /** Figures that could not be measured, with why. */
  notRun: { id: string; reason: string }[];
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${os.hostname()}: ${cpus.length} x ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ${os.type()} ${os.release()}`;
}

/**
 * The best of 3 runs of a fixed single-thread workload (integer arithmetic, then allocating small
 * objects and strings), in ms. This shared machine's speed changes from day to day by 2x or more;
 * absolute figures of two runs compare only at a similar calibration.
 */
export function cpuCalibrationMs(): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = process.hrtime.bigint();
    let mixed = 0;
    for (let i = 0; i < 50_000_000; i++) mixed = (mixed * 31 + i) | 0;
    const kept: { index: number; text: string }[] = [];
    for (let i = 0; i < 500_000; i++) kept.push({ index: i ^ mixed, text: String(i) });
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return Math.round(best);
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderTable(run: BenchRun): string {
  const lines = [
    "| figure | what | measured | bar | result |",
    "| --- | --- | --- | --- | --- |",
    ...run.figures.map(
      (f) =>
        `| ${f.id} | ${cell(f.what)} | ${cell(f.measured)} | ${cell(f.bar)} | ${f.pass ? "pass" : "FAIL"} |`,
    ),
    ...run.notRun.map((n) => `| ${n.id} | not run | ${cell(n.reason)} | | NOT RUN |`),
  ];
  return lines.join("\n");
}

export function renderMarkdown(run: BenchRun): string {
  return [
    `# Benchmark results (${run.mode})`,
    "",
    `- date: ${run.date}`,
    `- machine: ${run.machine}`,
    `- CPU calibration: ${run.calibrationMs} ms (a fixed single-thread workload, best of 3; lower is faster)`,
    `- node: ${run.node}`,
    `- infrastructure: ${run.infrastructure}`,
    `- command: \`${run.command}\` (${Math.round(run.seconds)} s)`,
    "",
    renderTable(run),
    "",
    ...run.figures.flatMap((f) => (f.appendix ? [f.appendix, ""] : [])),
    "Ratios are measured side by side in one run; absolute figures are for the record (a shared",
    "2-core machine is noisy). See quality.md for how each figure is defined.",
    "",
  ].join("\n");
}

/** Writes latest.md and latest.json (a quick run writes quick.md/json, leaving the full record). */
export function writeResults(run: BenchRun, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const base = run.mode === "quick" ? "quick" : "latest";
  const md = path.join(dir, `${base}.md`);
  const json = path.join(dir, `${base}.json`);
  writeFileSync(md, renderMarkdown(run));
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  return [md, json];
}

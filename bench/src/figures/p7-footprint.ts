import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@gcn/shared/testing";
import { progress, startProcess, stopProcess, waitUntilReady } from "../bench-stack";
import { round, type FigureResult } from "./figure";

/** Every process under `pid`, itself included (the embedded PostgreSQL runs as children). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const visit = (id: number) => {
    tree.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/**
 * Proportional set size: shared pages (PostgreSQL's shared buffers, the Node binary) are split
 * between the processes that map them, so the sum is the stack's real memory.
 */
function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** P7: what `npm start` runs, on a fresh data directory (first start: initdb and demo data). */
export async function measureFootprint(): Promise<FigureResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gcn-bench-footprint-"));
  // As root, embedded PostgreSQL runs as the postgres user, which must reach its directory.
  chmodSync(dataDir, 0o755);
  const gatewayPort = await freePort();
  progress("P7: starting the embedded stack on a fresh data directory");
  const started = Date.now();
  const child = startProcess("footprint", "infra/local/dist/src/main.js", {
    GCN_DATA_DIR: dataDir,
    GATEWAY_PORT: String(gatewayPort),
    EMBEDDED_PG_PORT: String(await freePort()),
    ENTITIES_PORT: String(await freePort()),
    PLAN_PORT: String(await freePort()),
    INITIATIVES_PORT: String(await freePort()),
    REPUTATION_PORT: String(await freePort()),
    DATABASE_URL: undefined,
    KAFKA_BROKERS: undefined,
    LOG_LEVEL: "warn",
  });
  try {
    await waitUntilReady(`http://127.0.0.1:${gatewayPort}/ready`, "the embedded stack", 120_000);
    const readySeconds = (Date.now() - started) / 1000;
    // Idle: let start-up garbage be collected and the demo data's events settle.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const tree = processTree(child.pid!);
    const rssBytes = tree.reduce((sum, pid) => sum + pssBytes(pid), 0);
    const rssMiB = round(rssBytes / 1024 / 1024, 0);
    return {
      id: "P7",
      what: "footprint: `npm start` (first start, fresh data) to ready; memory of the whole idle stack",
      measured: `ready in ${round(readySeconds, 1)} s; ${rssMiB} MiB (PSS of ${tree.length} processes)`,
      bar: "ready <= 15 s; RSS <= 1 GiB",
      pass: readySeconds <= 15 && rssBytes <= 1024 ** 3,
      details: { readySeconds, memoryBytes: rssBytes, processes: tree.length },
    };
  } finally {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

import type { ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVICE_NAMES } from "@gcn/shared";
import { freePort } from "@gcn/shared/testing";
import { startProcess, stopProcess, waitUntilReady } from "./bench-stack";

export interface EmbeddedStack {
  child: ChildProcess;
  gatewayOrigin: string;
  /** Seconds from the spawn to the gateway's /ready. */
  readySeconds: number;
  stop(): Promise<void>;
}

/**
 * What `npm start` runs (embedded PostgreSQL, in-process events, the demo data), on a fresh
 * data directory and free ports, so that it never meets a platform a developer has running.
 */
export async function startEmbeddedStack(name: string): Promise<EmbeddedStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `gcn-bench-${name}-`));
  // As root, embedded PostgreSQL runs as the postgres user, which must reach its directory.
  chmodSync(dataDir, 0o755);
  const gatewayPort = await freePort();
  const ports: Record<string, string> = {};
  for (const service of SERVICE_NAMES) {
    ports[`${service.toUpperCase()}_PORT`] = String(await freePort());
  }
  const started = Date.now();
  const child = startProcess(name, "infra/local/dist/src/main.js", {
    GCN_DATA_DIR: dataDir,
    GATEWAY_PORT: String(gatewayPort),
    EMBEDDED_PG_PORT: String(await freePort()),
    ...ports,
    DATABASE_URL: undefined,
    KAFKA_BROKERS: undefined,
    BRIEFINGS_GATEWAY_URL: undefined,
    LOG_LEVEL: "warn",
  });
  const stop = async () => {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`http://127.0.0.1:${gatewayPort}/ready`, "the embedded stack", 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    child,
    gatewayOrigin: `http://127.0.0.1:${gatewayPort}`,
    readySeconds: (Date.now() - started) / 1000,
    stop,
  };
}

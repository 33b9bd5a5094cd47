import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { provideTestInfrastructure } from "./test-infrastructure";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
/** The longest test file takes about a minute, the longest drill about three (R4). */
const TEST_FILE_DEADLINE_MS = 10 * 60_000;
const FAULT_FILE_DEADLINE_MS = 20 * 60_000;
const PACKAGES = ["shared", "gateway", "infra/local", ...listServices()];

function listServices(): string[] {
  const dir = path.join(REPO_ROOT, "services");
  return existsSync(dir) ? readdirSync(dir).map((name) => `services/${name}`) : [];
}

/** Node 20's `node --test` does not expand globs, so the compiled test files are listed here. */
function findTests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith(".test.js") ? [full] : [];
  });
}

/**
 * `npm test` after `tsc -b`: finds the test infrastructure once (PostgreSQL and Kafka, see
 * test-infrastructure.ts), runs every package's compiled tests with Node's test runner, stops
 * what it started. Arguments filter test files by substring: `npm test -- entities-api`.
 */
async function main(): Promise<number> {
  // `--faults`: the slow fault drills (*.fault.test.js), which `npm test` leaves out.
  const faults = process.argv.includes("--faults");
  const filters = process.argv.slice(2).filter((arg) => arg !== "--faults");
  const files = PACKAGES.flatMap((pkg) => findTests(path.join(REPO_ROOT, pkg, "dist/test")))
    .filter((file) => file.endsWith(".fault.test.js") === faults)
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
  if (files.length === 0) {
    console.error("No compiled test files found (did `tsc -b` run?)");
    return 1;
  }
  const infra = await provideTestInfrastructure();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  };
  if (infra.kafkaBrokers) env.KAFKA_BROKERS = infra.kafkaBrokers;
  else delete env.KAFKA_BROKERS;
  console.log(`Running ${files.length} test files (${infra.describe.join("; ")})`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--test",
        // Drills start and kill processes and brokers: one at a time.
        `--test-concurrency=${faults ? 1 : 2}`,
        // A test file that never ends fails, named, instead of holding the run until CI's
        // limit kills it without a word (Node 20 bounds each file's whole run by this).
        `--test-timeout=${faults ? FAULT_FILE_DEADLINE_MS : TEST_FILE_DEADLINE_MS}`,
        "--test-reporter=spec",
        ...files.map((f) => path.relative(REPO_ROOT, f)),
      ],
      { cwd: REPO_ROOT, env, stdio: "inherit" },
    );
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  await infra.stop();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

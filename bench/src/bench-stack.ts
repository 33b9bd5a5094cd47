import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { GATEWAY_NODE_FLAGS, signDevToken } from "@gcn/gateway";
import {
  SERVICE_NAMES,
  serviceFolder,
  signIdentity,
  type Identity,
  type Role,
  type ServiceName,
} from "@gcn/shared";
import { freePort, provideTestInfrastructure, type TestInfrastructure } from "@gcn/shared/testing";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const LOG_DIR = path.join(REPO_ROOT, "bench/results/tmp");
export const SERVICES = SERVICE_NAMES;
export type { ServiceName };

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A database on the bench's server, dropped first so every run starts empty. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function waitUntilReady(url: string, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A child process whose output goes to bench/results/tmp/<name>.log. */
export function startProcess(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  /** Node.js flags the process is deployed with (the gateway's GATEWAY_NODE_FLAGS). */
  nodeFlags: readonly string[] = [],
): ChildProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`));
  // BENCH_PROFILE=<dir>: each process writes a V8 CPU profile there when it stops (open it in
  // Chrome DevTools), named after its pid; the log line below tells which process is which.
  // BENCH_PROFILE_ONLY=entities,gateway limits it to those processes (profiling costs CPU).
  const only = process.env.BENCH_PROFILE_ONLY?.split(",");
  const profile =
    process.env.BENCH_PROFILE && (!only || only.includes(name))
      ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`]
      : [];
  const child = spawn(process.execPath, [...nodeFlags, ...profile, path.join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  if (profile.length) log.write(`[bench] ${name} pid ${child.pid}: CPU profile in ${profile[1]}\n`);
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export interface BenchStack {
  infra: TestInfrastructure;
  kafkaBrokers: string;
  topicPrefix: string;
  databases: Record<ServiceName, string>;
  subgraphUrls: Record<ServiceName, string>;
  gatewayUrl: string;
  /** The gateway process's pid (P8 reads its CPU time and memory). */
  gatewayPid: number;
  /** A service process's pid (P9 reads the briefings' memory, Chromium's included). */
  servicePid(service: ServiceName): number;
  /** Headers a subgraph accepts: the identity signed as the gateway signs it. */
  signed(identity: Identity): Record<string, string>;
  /** Stops one service (SIGTERM) and, with restart, starts it again on the same port. */
  stopService(service: ServiceName): Promise<void>;
  startService(service: ServiceName): Promise<void>;
  /** Another gateway over the same subgraphs (the peers' comparison), with more environment. */
  startGateway(
    name: string,
    env: Record<string, string>,
  ): Promise<{ url: string; pid: number; stop(): Promise<void> }>;
  /** A token of the run's secret; `sub` names the caller (limits count per subject). */
  token(roles: Role[], sub?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The platform as deployed: PostgreSQL, a real Kafka broker, each subgraph in its own process
 * and the gateway in another, on fresh databases and topics of this run.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const infra = await provideTestInfrastructure();
  progress(`infrastructure: ${infra.describe.join("; ")}`);
  if (!infra.kafkaBrokers) {
    await infra.stop();
    throw new Error(
      "the benchmark needs a Kafka broker (KAFKA_BROKERS or Java + Maven for infra/kafka)",
    );
  }
  const run = Date.now().toString(36);
  // Production mode, as deployed (graphql-js skips its development checks), with secrets of
  // this run: production refuses the development ones.
  const production = {
    NODE_ENV: "production",
    GATEWAY_SECRET: randomBytes(24).toString("hex"),
    JWT_SECRET: randomBytes(24).toString("hex"),
  };
  const topicPrefix = `bench-${run}.`;
  const children: ChildProcess[] = [];
  const databases = {} as Record<ServiceName, string>;
  const subgraphUrls = {} as Record<ServiceName, string>;
  const serviceEnv = {} as Record<ServiceName, Record<string, string | undefined>>;
  const running = {} as Record<ServiceName, ChildProcess>;
  const stop = async () => {
    for (const child of [...children].reverse()) await stopProcess(child);
    await infra.stop();
  };
  const launch = (service: ServiceName) => {
    const child = startProcess(
      service,
      `${serviceFolder(service)}/dist/src/main.js`,
      serviceEnv[service],
    );
    running[service] = child;
    children.push(child);
  };
  try {
    // Known before the services start: the briefings read through the gateway.
    const gatewayPort = await freePort();
    for (const service of SERVICES) {
      databases[service] = await freshDatabase(infra.databaseUrl, `bench_${service}`);
      const port = await freePort();
      const upper = service.toUpperCase();
      serviceEnv[service] = {
        [`${upper}_PORT`]: String(port),
        [`${upper}_DATABASE_URL`]: databases[service],
        HOST: "127.0.0.1",
        KAFKA_BROKERS: infra.kafkaBrokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        CONSUMER_GROUP_PREFIX: `bench-${run}`,
        LOG_LEVEL: "warn",
        BRIEFINGS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
        ...production,
        PORT: undefined,
      };
      launch(service);
      subgraphUrls[service] = `http://127.0.0.1:${port}/graphql`;
    }
    for (const service of SERVICES) {
      await waitUntilReady(new URL("/ready", subgraphUrls[service]).toString(), service);
    }
    const gatewayEnv = (port: number) => ({
      GATEWAY_PORT: String(port),
      HOST: "127.0.0.1",
      // As deployed: subscriptions read the services' topics.
      KAFKA_BROKERS: infra.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: "warn",
      ...production,
      PORT: undefined,
      ...Object.fromEntries(
        SERVICES.map((service) => [`SUBGRAPH_URL_${service.toUpperCase()}`, subgraphUrls[service]]),
      ),
    });
    const gateway = startProcess(
      "gateway",
      "gateway/dist/src/main.js",
      {
        ...gatewayEnv(gatewayPort),
        // P1 and P2 measure the gateway's work per request: 50 identical requests in flight
        // would otherwise share their subgraph calls (the peers' comparison measures both).
        GATEWAY_DEDUPLICATE: "false",
      },
      GATEWAY_NODE_FLAGS,
    );
    children.push(gateway);
    await waitUntilReady(`http://127.0.0.1:${gatewayPort}/ready`, "gateway");
    progress(`services and gateway ready (logs in ${path.relative(process.cwd(), LOG_DIR)})`);
    return {
      infra,
      kafkaBrokers: infra.kafkaBrokers,
      topicPrefix,
      databases,
      subgraphUrls,
      gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
      gatewayPid: gateway.pid!,
      servicePid: (service) => running[service].pid!,
      stopService: (service) => stopProcess(running[service]),
      startService: async (service) => {
        launch(service);
        await waitUntilReady(new URL("/ready", subgraphUrls[service]).toString(), service);
      },
      startGateway: async (name, env) => {
        const port = await freePort();
        const child = startProcess(
          name,
          "gateway/dist/src/main.js",
          { ...gatewayEnv(port), ...env },
          GATEWAY_NODE_FLAGS,
        );
        children.push(child);
        await waitUntilReady(`http://127.0.0.1:${port}/ready`, name);
        return {
          url: `http://127.0.0.1:${port}/graphql`,
          pid: child.pid!,
          stop: () => stopProcess(child),
        };
      },
      signed: (identity) => ({
        "content-type": "application/json",
        ...signIdentity(identity, production.GATEWAY_SECRET),
      }),
      token: (roles, sub = "bench") =>
        signDevToken(production.JWT_SECRET, { sub, roles, expiresIn: "2h" }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

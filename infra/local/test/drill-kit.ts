import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { REPO_ROOT } from "@gcn/gateway";
import { ENTITIES_EVENTS } from "@gcn/shared";
import { Kafka, logLevel } from "kafkajs";
import { Client } from "pg";
import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  signedHeaders,
  waitFor,
} from "@gcn/shared/testing";

/** A service (or the gateway) running as its own process, as deployed: drills kill and restart it. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
  output(): string;
  start(extraEnv?: Record<string, string | undefined>): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<string>;
}

export async function serviceProcess(
  service: "entities" | "plan" | "initiatives" | "reputation" | "gateway",
  env: Record<string, string | undefined>,
): Promise<ServiceProcess> {
  const port = await freePort();
  const upper = service.toUpperCase();
  const main = service === "gateway" ? "gateway" : `services/${service}`;
  // The gateway's /ready needs all four subgraphs; a drill may run only some of them.
  const readyPath = service === "gateway" ? "/health" : "/ready";
  let log = "";
  const handle = {
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => log,
  } as ServiceProcess;
  handle.start = async (extraEnv = {}) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, `${main}/dist/src/main.js`)], {
      env: {
        ...process.env,
        LOG_LEVEL: process.env.DRILL_LOG ?? "warn",
        ...env,
        ...extraEnv,
        [`${upper}_PORT`]: String(port),
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    handle.child = child;
    handle.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve(signal ?? String(code))),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${service} exited on start:\n${log.slice(-2000)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${readyPath}`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${service} was not ready in 60 s:\n${log.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  handle.kill = async (signal) => {
    if (handle.child.exitCode === null && handle.child.signalCode === null)
      handle.child.kill(signal);
    return handle.exited;
  };
  return handle;
}

/**
 * Every message on a topic from the beginning: at least `expected` of them, then whatever else
 * arrives until the topic has been quiet for `quietMs` (duplicates show up there).
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  expected: number,
  quietMs = 1500,
): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
  const kafka = new Kafka({ clientId: "drill-reader", brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `drill-reader-${randomUUID()}` });
  const messages: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        messages.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? "",
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        });
      },
    });
    const deadline = Date.now() + 60_000;
    while (messages.length < expected || Date.now() - last < quietMs) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** The rows of one query on a service's database. */
export async function queryRows<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The entities service producing and the plan consuming, each its own process and database. */
export interface DrillPair {
  entities: ServiceProcess;
  plan: ServiceProcess;
  entitiesDb: string;
  planDb: string;
  /** Topic and consumer-group prefix of this drill on the shared broker. */
  prefix: string;
  /** Kills both processes and drops both databases. */
  stop(): Promise<void>;
}

export async function startEntitiesAndPlan(
  drill: string,
  brokers: string[],
  extraEnv: Record<string, string> = {},
): Promise<DrillPair> {
  const entitiesDb = await createTestDatabase(`drill_${drill}_entities`);
  const planDb = await createTestDatabase(`drill_${drill}_plan`);
  const prefix = `drill-${randomUUID().slice(0, 8)}.`;
  const common = {
    KAFKA_BROKERS: brokers.join(","),
    KAFKA_TOPIC_PREFIX: prefix,
    CONSUMER_GROUP_PREFIX: prefix,
    ...extraEnv,
  };
  const entities = await serviceProcess("entities", {
    ...common,
    ENTITIES_DATABASE_URL: entitiesDb,
  });
  const plan = await serviceProcess("plan", { ...common, PLAN_DATABASE_URL: planDb });
  const pair: DrillPair = {
    entities,
    plan,
    entitiesDb,
    planDb,
    prefix,
    stop: async () => {
      for (const process of [entities, plan]) if (process.child) await process.kill("SIGKILL");
      await dropTestDatabase(entitiesDb);
      await dropTestDatabase(planDb);
    },
  };
  await plan.start();
  await entities.start();
  return pair;
}

const ADMIN_HEADERS = signedHeaders({ sub: "drill", roles: ["ADMIN"] });

/**
 * registerEntity straight to the entities process as an admin: the new id, or undefined when it
 * was refused or the process went away (not acknowledged). `errorCode` is the refusal's code.
 */
export async function registerEntity(
  url: string,
  code: string,
): Promise<{ id?: string; errorCode?: string }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: ADMIN_HEADERS,
      body: JSON.stringify({
        query: `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "جهة التمرين", kind: AGENCY }) { id } }`,
        variables: { code },
      }),
    });
    const body = (await response.json()) as {
      data?: { registerEntity: { id: string } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return {
      id: body.data?.registerEntity?.id,
      errorCode: body.errors?.[0]?.extensions?.code,
    };
  } catch {
    return { errorCode: "NO_ANSWER" };
  }
}

/** A Kafka broker of the drill's own (infra/kafka on free ports), which it may stop and start. */
export interface DrillBroker {
  brokers: string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

export async function drillBroker(): Promise<DrillBroker> {
  const port = await freePort();
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "gcn-drill-kafka-")),
    KAFKA_HEAP: "384m",
  };
  const script = path.join(REPO_ROOT, "infra/kafka/kafka.sh");
  const run = (command: "start" | "stop") =>
    new Promise<void>((resolve, reject) => {
      execFile("bash", [script, command], { env }, (error, _stdout, stderr) =>
        error ? reject(new Error(`kafka.sh ${command}: ${stderr.slice(-1000)}`)) : resolve(),
      );
    });
  return {
    brokers: [`127.0.0.1:${port}`],
    start: () => run("start"),
    stop: () => run("stop"),
    remove: async () => {
      await run("stop");
      rmSync(env.KAFKA_DATA_DIR, { recursive: true, force: true });
    },
  };
}

/** updateEntity (a new English name) as an admin; the errors' JSON when it is refused. */
export async function updateEntityName(
  url: string,
  id: string,
  name: string,
): Promise<string | undefined> {
  const response = await fetch(url, {
    method: "POST",
    headers: ADMIN_HEADERS,
    body: JSON.stringify({
      query: `mutation($id: ID!, $name: String!) { updateEntity(id: $id, input: { nameEn: $name }) { id } }`,
      variables: { id, name },
    }),
  });
  const body = (await response.json()) as { errors?: unknown };
  return body.errors ? JSON.stringify(body.errors) : undefined;
}

/** Waits until the plan's entity projection holds every aggregate's last sequence in the outbox. */
export async function waitForPlanAtLastSequences(
  pair: Pick<DrillPair, "entitiesDb" | "planDb">,
  aggregates: number,
  options: { timeoutMs: number; what: string },
): Promise<void> {
  const last = new Map(
    (
      await queryRows<{ aggregateid: string; last: number }>(
        pair.entitiesDb,
        `SELECT aggregateid, max(sequence)::int AS last FROM outbox GROUP BY aggregateid`,
      )
    ).map((row) => [row.aggregateid, row.last]),
  );
  await waitFor(async () => {
    const refs = await queryRows<{ id: string; last_sequence: number }>(
      pair.planDb,
      `SELECT id::text, last_sequence FROM entity_ref`,
    );
    return (
      refs.length === aggregates && refs.every((ref) => last.get(ref.id) === ref.last_sequence)
    );
  }, options);
}

/** Waits until a service's outbox has no unpublished row (the relay caught up). */
export async function waitForOutboxPublished(
  databaseUrl: string,
  timeoutMs: number,
  what: string,
  producer?: ServiceProcess,
): Promise<void> {
  try {
    await waitFor(
      async () =>
        (
          await queryRows<{ n: number }>(
            databaseUrl,
            `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
          )
        )[0]!.n === 0,
      { timeoutMs, what },
    );
  } catch (error) {
    // What a failed drill needs to be diagnosed: the stuck rows and the relay's own words.
    const [stuck] = await queryRows<Record<string, unknown>>(
      databaseUrl,
      `SELECT count(*)::int AS unpublished, max(attempts) AS attempts, max(last_error) AS last_error,
              min(created_at) AS oldest FROM outbox WHERE published_at IS NULL`,
    );
    console.log(`# outbox not drained: ${JSON.stringify(stuck)}`);
    if (producer) console.log(`# producer log (tail):\n${producer.output().slice(-6000)}`);
    throw error;
  }
}

/** How many entities events the plan applied, and how many distinct ones. */
export async function entityEventsApplied(
  planDb: string,
): Promise<{ n: number; distinct: number }> {
  const [row] = await queryRows<{ n: number; distinct: number }>(
    planDb,
    `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM processed_event WHERE consumer LIKE '%.plan.entities'`,
  );
  return row!;
}

/**
 * `total` updateEntity calls on `ids` in turn, from `writers` concurrent writers each pausing
 * `pauseMs` between calls (so that a fault lands among them); `sent()` says how many have started,
 * `done` resolves with the refusals once every call has been answered.
 */
export function entityUpdateWriters(
  url: string,
  ids: string[],
  total: number,
  options: { writers: number; pauseMs: number; label: string },
): { sent(): number; done: Promise<string[]> } {
  let next = 0;
  const refused: string[] = [];
  const done = Promise.all(
    Array.from({ length: options.writers }, async () => {
      for (;;) {
        const n = next++;
        if (n >= total) return;
        const failure = await updateEntityName(url, ids[n % ids.length]!, `${options.label} ${n}`);
        if (failure) refused.push(failure);
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    }),
  ).then(() => refused);
  return { sent: () => Math.min(next, total), done };
}

/** The event ids of every EntityUpdated an entities database recorded in its outbox. */
export async function entityUpdateEventIds(entitiesDb: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    entitiesDb,
    `SELECT id FROM outbox WHERE type = '${ENTITIES_EVENTS.events.EntityUpdated.type}'`,
  );
  return new Set(rows.map((row) => row.id));
}

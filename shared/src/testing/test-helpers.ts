import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it, type TestContext } from "node:test";
import { Client } from "pg";
import { signIdentity, type Identity } from "../auth/identity";
import { DEV_GATEWAY_SECRET } from "../config/platform-config";

/** The server URL the test runner chose (scripts/run-tests.mjs sets DATABASE_URL). */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run tests with `npm test`");
  return url;
}

/** A fresh, empty database on the test server, so test files can run side by side. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`.toLowerCase();
  const url = new URL(testServerUrl());
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new URL(testServerUrl());
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * The Kafka brokers for this run, or undefined after marking the test skipped with a loud reason.
 * Under CI the test runner refuses to start without Kafka, so this never skips there.
 */
export function kafkaBrokersOrSkip(t: TestContext): string[] | undefined {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) return brokers.split(",");
  if (process.env.CI) throw new Error("CI is set but KAFKA_BROKERS is not: Kafka tests must run");
  const reason = "SKIPPED: no Kafka broker (set KAFKA_BROKERS, or install Java for infra/kafka)";
  process.stderr.write(`\n*** ${reason} ***\n`);
  t.skip(reason);
  return undefined;
}

/**
 * A test on a real Kafka broker with a system of its own: skipped with its reason when there is
 * no broker, `start`ed on the brokers, and stopped afterwards whether the test passed or not.
 */
export function itOnKafka<S extends { stop(): Promise<void> }>(
  title: string,
  start: (brokers: string[]) => Promise<S>,
  body: (system: S, brokers: string[], t: TestContext) => Promise<void>,
): void {
  it(title, async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const system = await start(brokers);
    try {
      await body(system, brokers, t);
    } finally {
      await system.stop();
    }
  });
}

/** Headers a subgraph accepts: the identity signed with the development gateway secret. */
export function signedHeaders(
  identity: Identity,
  secret = DEV_GATEWAY_SECRET,
): Record<string, string> {
  return { "content-type": "application/json", ...signIdentity(identity, secret) };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** No test's request waits longer than this for its answer: a hang fails, naming the request. */
const REQUEST_DEADLINE_MS = 60_000;

/** POSTs a GraphQL operation and returns the HTTP status with the parsed body. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, "status">;
    return { status: response.status, ...body };
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new Error(
        `no answer from ${url} within ${REQUEST_DEADLINE_MS} ms to ${query.slice(0, 120)}`,
      );
    }
    throw error;
  }
}

/**
 * Waits for one step of a test's setup or teardown, failing with its name if it takes longer
 * than `ms`: a step that never ends fails the test file instead of holding the whole run.
 */
export async function withinDeadline<T>(what: string, ms: number, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([step, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The answer is a BAD_USER_INPUT naming `field` (or a path inside it) as what is wrong. */
export function assertRefusedInput(result: GraphQLResponse<unknown>, field: string): void {
  const extensions = result.errors?.[0]?.extensions;
  assert.equal(extensions?.code, "BAD_USER_INPUT", JSON.stringify(result.errors));
  assert.match(String(extensions?.field), new RegExp(`^${field.replace(".", "\\.")}`));
}

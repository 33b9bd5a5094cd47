import autocannon from "autocannon";
import { postToSubgraph } from "@gcn/gateway";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, socket errors, timeouts and answers carrying GraphQL errors. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  /** A GraphQL POST's body; none for a GET (a briefing document). */
  body?: unknown;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/**
 * Waits until the target has worked off the requests a run left unanswered. Autocannon stops at
 * its deadline with up to `connections` requests in flight, and the servers go on with them: a
 * run started at once shares the machine with that backlog at its start, and the backlog shows
 * as the next run's tail (P2 p99 2.5 s while p50 was 0.56 s). Settled means one request alone
 * answers in under a tenth of the run's median (at least 5 ms), or 5 s have passed.
 */
async function settle(options: LoadOptions, loadedMedianMs: number): Promise<void> {
  const settledMs = Math.max(5, loadedMedianMs / 10);
  const url = new URL(options.url);
  const body = JSON.stringify(options.body);
  const headers = { "content-type": "application/json", ...options.headers };
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const started = performance.now();
    await postToSubgraph(url, body, headers, 5000).catch(() => undefined);
    if (performance.now() - started <= settledMs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Load to warm a path up (JIT, caches, connections) before it is measured; not reported. */
export async function warmUp(options: Omit<LoadOptions, "durationSeconds">, seconds = 2) {
  await runLoad({ ...options, durationSeconds: seconds });
}

/**
 * Drives one POST with autocannon, then waits for the target to settle (above). Every body is
 * checked for GraphQL `errors`, so a fast stream of failures cannot pass for throughput.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let graphqlErrors = 0;
  const post = options.body !== undefined;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      post
        ? {
            method: "POST",
            headers: { "content-type": "application/json", ...options.headers },
            body: JSON.stringify(options.body),
            onResponse: (status: number, body: string) => {
              if (status === 200 && body.includes('"errors"')) graphqlErrors++;
            },
          }
        : { method: "GET", headers: options.headers },
    ],
  });
  if (post) await settle(options, result.latency.p50);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts + graphqlErrors,
  };
}

/**
 * A GraphQL POST that must succeed; returns `data`. On keep-alive node:http (the gateway's own
 * client): the bench's load must cost the machine as little as possible.
 */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<T> {
  const response = await postToSubgraph(
    new URL(url),
    JSON.stringify({ query, variables }),
    { "content-type": "application/json", ...headers },
    60_000,
  );
  const text = response.body.toString("utf8");
  let body: { data?: T; errors?: unknown[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || body.errors) {
    throw new Error(
      `${url}: HTTP ${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`,
    );
  }
  return body.data!;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

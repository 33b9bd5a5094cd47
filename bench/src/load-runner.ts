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
  body: unknown;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/**
 * Drives one POST with autocannon. Every body is checked for GraphQL `errors`, so a fast stream
 * of failures cannot pass for throughput.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify(options.body),
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
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
  let body: { data?: T; errors?: unknown[] };
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    throw new Error(`${url}: HTTP ${response.status} ${response.body.slice(0, 300)}`);
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

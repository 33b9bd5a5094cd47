import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import { runLoad, warmUp, type LoadResult } from "../load-runner";
import { treeCpuSeconds } from "../process-usage";
import { round, type BenchSize, type FigureResult } from "./figure";

export const SMALL_QUERY = `query Small($code: String!) { entityByCode(code: $code) { code name } }`;

/** Mean throughput and median p99 of the rounds; failures add up. */
function combine(runs: LoadResult[]): LoadResult {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    requestsPerSecond: runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  };
}

/** P1: the same small query straight to the entities subgraph and through the gateway. */
export async function measureGatewayOverhead(
  stack: BenchStack,
  size: BenchSize,
): Promise<FigureResult> {
  const body = { query: SMALL_QUERY, variables: { code: "B0001" } };
  const direct = {
    url: stack.subgraphUrls.entities,
    headers: stack.signed({ sub: "bench", roles: ["ANALYST"] }),
  };
  const through = {
    url: stack.gatewayUrl,
    headers: { authorization: `Bearer ${await stack.token(["ANALYST"])}` },
  };
  await warmUp({ ...direct, body, connections: 50 });
  await warmUp({ ...through, body, connections: 50 }, size.gatewayWarmUpSeconds);
  // Alternating rounds, so background work (autovacuum, a GC) weighs on both sides alike.
  const rounds = 3;
  const directRuns: LoadResult[] = [];
  const gatewayRuns: LoadResult[] = [];
  let gatewayCpuSeconds = 0;
  for (let round = 1; round <= rounds; round++) {
    progress(`P1: round ${round} of ${rounds}, direct then through the gateway`);
    const seconds = Math.max(2, Math.round(size.loadSeconds / rounds) + 1);
    directRuns.push(await runLoad({ ...direct, body, connections: 50, durationSeconds: seconds }));
    const cpuBefore = treeCpuSeconds(stack.gatewayPid);
    gatewayRuns.push(
      await runLoad({ ...through, body, connections: 50, durationSeconds: seconds }),
    );
    gatewayCpuSeconds += treeCpuSeconds(stack.gatewayPid) - cpuBefore;
  }
  const directResult = combine(directRuns);
  const gatewayResult = combine(gatewayRuns);
  const throughput = gatewayResult.requestsPerSecond / directResult.requestsPerSecond;
  const p99 = gatewayResult.p99Ms / Math.max(directResult.p99Ms, 1);
  return {
    id: "P1",
    what: "gateway overhead (small query, 50 connections)",
    measured: `throughput ${round(throughput)}x (${Math.round(gatewayResult.requestsPerSecond)} vs ${Math.round(directResult.requestsPerSecond)} req/s), p99 ${round(p99)}x (${gatewayResult.p99Ms} vs ${directResult.p99Ms} ms)`,
    bar: "throughput >= 0.5x, p99 <= 2.5x",
    pass:
      throughput >= 0.5 &&
      p99 <= 2.5 &&
      gatewayResult.failures === 0 &&
      directResult.failures === 0,
    details: {
      direct: directResult,
      gateway: gatewayResult,
      throughputRatio: throughput,
      p99Ratio: p99,
      // P1c: the gateway's CPU per 1,000 requests through it (settling included: little).
      gatewayCpuSecondsPer1000: (gatewayCpuSeconds / gatewayResult.requests) * 1000,
    },
  };
}

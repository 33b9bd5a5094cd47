import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import { runLoad } from "../load-runner";
import { round, type BenchSize, type FigureResult } from "./figure";

const SMALL_QUERY = `query Small($code: String!) { entityByCode(code: $code) { code name } }`;

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
  for (const target of [direct, through]) {
    await runLoad({ ...target, body, connections: 50, durationSeconds: 1 }); // warm-up
  }
  progress("P1: direct to the entities subgraph");
  const directResult = await runLoad({
    ...direct,
    body,
    connections: 50,
    durationSeconds: size.loadSeconds,
  });
  progress("P1: through the gateway");
  const gatewayResult = await runLoad({
    ...through,
    body,
    connections: 50,
    durationSeconds: size.loadSeconds,
  });
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
    },
  };
}

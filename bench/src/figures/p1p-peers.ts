import { isDeepStrictEqual } from "node:util";
import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import type { Period } from "../bench-data";
import { graphql, runLoad, warmUp, type LoadResult } from "../load-runner";
import { treeCpuSeconds } from "../process-usage";
import type { PeerGateway } from "../peers/peer-gateways";
import { MONTH_PAGE } from "./p2-p3-page-query";
import { SMALL_QUERY } from "./p1-gateway-overhead";
import { round, type BenchSize, type FigureResult } from "./figure";

/** The mid-size query: a page of entities with their liaisons. */
export const ENTITIES_PAGE = `query EntitiesPage { entities(first: 50) { edges { node { id code name kind liaisons { id fullNameAr role email } } } } }`;

interface PeerQuery {
  id: "P1" | "month page" | "entities(first: 50)";
  body: { query: string; variables: Record<string, unknown> };
}

interface Measured {
  requestsPerSecond: number;
  cpuSecondsPer1000: number;
  p99Ms: number;
  failures: number;
}

/** Runs of one gateway on one query, added up: throughput over the rounds, CPU over requests. */
function total(runs: { load: LoadResult; cpuSeconds: number }[]): Measured {
  const requests = runs.reduce((sum, r) => sum + r.load.requests, 0);
  const cpu = runs.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const p99s = runs.map((r) => r.load.p99Ms).sort((a, b) => a - b);
  return {
    requestsPerSecond: runs.reduce((sum, r) => sum + r.load.requestsPerSecond, 0) / runs.length,
    cpuSecondsPer1000: requests > 0 ? (cpu / requests) * 1000 : Number.NaN,
    p99Ms: p99s[Math.floor(p99s.length / 2)] ?? Number.NaN,
    failures: runs.reduce((sum, r) => sum + r.load.failures, 0),
  };
}

/** A canonical form of an answer: lists keep their order, keys do not matter. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
}

/**
 * P1p: the same queries through ours and the peers, in interleaved rounds (each round visits
 * every gateway once, so drift weighs on all alike), each gateway's answer checked equal to
 * ours first. Ours and Grafbase run twice: with in-flight deduplication off (the work itself)
 * and with their defaults (on); stock @apollo/gateway has none either way.
 */
export async function measurePeers(
  stack: BenchStack,
  size: BenchSize,
  period: Period,
  gateways: PeerGateway[],
): Promise<FigureResult> {
  const queries: PeerQuery[] = [
    { id: "P1", body: { query: SMALL_QUERY, variables: { code: "B0001" } } },
    { id: "month page", body: { query: MONTH_PAGE, variables: { period } } },
    { id: "entities(first: 50)", body: { query: ENTITIES_PAGE, variables: {} } },
  ];
  const reference = gateways.find((g) => g.name === "ours" && !g.deduplicate)!;
  for (const query of queries) {
    const expected = canonical(
      await graphql(reference.url, query.body.query, query.body.variables, reference.headers),
    );
    for (const gateway of gateways) {
      const answer = canonical(
        await graphql(gateway.url, query.body.query, query.body.variables, gateway.headers),
      );
      if (!isDeepStrictEqual(answer, expected)) {
        throw new Error(`${gateway.label} answers ${query.id} differently from ours`);
      }
    }
  }
  progress("P1p: every gateway gives the same answers");
  const rounds = size.quick ? 2 : 4;
  const seconds = size.quick ? 2 : 6;
  const runs = new Map<string, { load: LoadResult; cpuSeconds: number }[]>();
  for (const [index, query] of queries.entries()) {
    for (const gateway of gateways) {
      // Each gateway's first load is its start-up's too (compilation, first pages): as long for
      // every gateway, and as long as ours is given before P1 and P2.
      await warmUp(
        { url: gateway.url, headers: gateway.headers, body: query.body, connections: 50 },
        index === 0 ? size.gatewayWarmUpSeconds : undefined,
      );
    }
    for (let round = 1; round <= rounds; round++) {
      progress(`P1p: ${query.id}, round ${round} of ${rounds} through ${gateways.length} gateways`);
      for (const gateway of gateways) {
        const cpuBefore = treeCpuSeconds(gateway.pid);
        const load = await runLoad({
          url: gateway.url,
          headers: gateway.headers,
          body: query.body,
          connections: 50,
          durationSeconds: seconds,
        });
        const key = `${query.id}|${gateway.label}`;
        runs.set(key, [
          ...(runs.get(key) ?? []),
          { load, cpuSeconds: treeCpuSeconds(gateway.pid) - cpuBefore },
        ]);
      }
    }
  }
  const result = (query: PeerQuery["id"], gateway: PeerGateway) =>
    total(runs.get(`${query}|${gateway.label}`) ?? []);
  const table: Record<string, Record<string, Measured>> = {};
  for (const query of queries) {
    table[query.id] = Object.fromEntries(gateways.map((g) => [g.label, result(query.id, g)]));
  }
  const find = (name: string, deduplicate: boolean) =>
    gateways.find((g) => g.name === name && g.deduplicate === deduplicate);
  const oursOff = find("ours", false)!;
  const oursOn = find("ours", true)!;
  const grafbaseOff = find("Grafbase", false);
  const grafbaseOn = find("Grafbase", true);
  const rps = (query: PeerQuery["id"], gateway: PeerGateway | undefined) =>
    gateway ? table[query]![gateway.label]!.requestsPerSecond : Number.NaN;
  const failures = Object.values(table)
    .flatMap((row) => Object.values(row))
    .reduce((sum, m) => sum + m.failures, 0);
  const offBar = queries.every((q) => rps(q.id, oursOff) >= rps(q.id, grafbaseOff));
  const onBar = (["P1", "month page"] as const).every((q) => rps(q, oursOn) >= rps(q, grafbaseOn));
  const summary = queries
    .map(
      (q) =>
        `${q.id}: ours ${Math.round(rps(q.id, oursOff))}/${Math.round(rps(q.id, oursOn))}, ` +
        `Grafbase ${Math.round(rps(q.id, grafbaseOff))}/${Math.round(rps(q.id, grafbaseOn))} req/s`,
    )
    .join("; ");
  return {
    appendix: renderPeerTable(table, gateways),
    id: "P1p",
    what: "against the peers (50 connections; deduplication off/defaults)",
    measured: grafbaseOff ? `${summary}; ${failures} errors` : `Grafbase not run; ${summary}`,
    bar: "dedup off: ours >= Grafbase on every query; defaults: ours >= Grafbase on P1 and the month page",
    pass: Boolean(grafbaseOff && grafbaseOn) && offBar && onBar && failures === 0,
    details: {
      gateways: gateways.map((g) => ({ label: g.label, name: g.name, deduplicate: g.deduplicate })),
      table,
      rounds,
      secondsPerRound: seconds,
      roundsOf: Object.fromEntries(
        [...runs].map(([key, list]) => [key, list.map((r) => round(r.load.requestsPerSecond, 0))]),
      ),
    },
  };
}

/**
 * The gateways side by side, as the issue that asked for them laid it out: with deduplication
 * off (the work itself; stock @apollo/gateway has none) and with each gateway's defaults.
 */
export function renderPeerTable(
  table: Record<string, Record<string, Measured>>,
  gateways: Pick<PeerGateway, "name" | "label" | "deduplicate">[],
): string {
  const names = [...new Set(gateways.map((g) => g.name))];
  const pick = (name: string, deduplicate: boolean) =>
    gateways.find((g) => g.name === name && g.deduplicate === deduplicate) ??
    gateways.find((g) => g.name === name);
  const reqs = (value: number) =>
    Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "-";
  const cpu = (value: number) => (Number.isFinite(value) ? `${round(value, 2)} s` : "-");
  const row = (
    what: string,
    query: PeerQuery["id"],
    deduplicate: boolean,
    value: (m: Measured) => string,
  ) =>
    `| ${what} | ${names
      .map((name) => {
        const gateway = pick(name, deduplicate);
        const measured = gateway ? table[query]?.[gateway.label] : undefined;
        return measured ? value(measured) : "-";
      })
      .join(" | ")} |`;
  const rps = (m: Measured) => reqs(m.requestsPerSecond);
  const cpuOf = (m: Measured) => cpu(m.cpuSecondsPer1000);
  return [
    `| query (50 connections) | ${names.join(" | ")} |`,
    `|---|${names.map(() => "---").join("|")}|`,
    row("P1 `entityByCode`, req/s (deduplication off)", "P1", false, rps),
    row("P1 gateway CPU per 1,000 requests (off)", "P1", false, cpuOf),
    row("month page, req/s (off)", "month page", false, rps),
    row("month page gateway CPU per 1,000 requests (off)", "month page", false, cpuOf),
    row("`entities(first: 50)` with liaisons, req/s (off)", "entities(first: 50)", false, rps),
    row("P1 req/s with each gateway's defaults (deduplication on)", "P1", true, rps),
    row("month page req/s, defaults", "month page", true, rps),
    row("`entities(first: 50)` with liaisons, req/s, defaults", "entities(first: 50)", true, rps),
  ].join("\n");
}

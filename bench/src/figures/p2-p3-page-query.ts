import type { BenchStack, ServiceName } from "../bench-stack";
import { progress, SERVICES } from "../bench-stack";
import type { Period } from "../bench-data";
import { graphql, runLoad, warmUp, type LoadResult } from "../load-runner";
import { treeCpuSeconds } from "../process-usage";
import { round, type BenchSize, type FigureResult } from "./figure";

/** The front end's month page: calendar (plan), owners' names (entities), score (reputation), sessions (initiatives). */
export const MONTH_PAGE = `query MonthPage($period: PeriodInput!) {
  calendar(period: $period) {
    date
    items {
      id title startsAt channels
      owner {
        id name
        reputation(period: $period) { score rank }
        initiativeSessions(period: $period) { id }
      }
    }
  }
}`;

const PLAN_PART = `query($period: PeriodInput!) { calendar(period: $period) { date items { id title startsAt channels owner { __typename id } } } }`;
const ENTITY_PART = (selection: string, withPeriod = true) =>
  `query($representations: [_Any!]!${withPeriod ? ", $period: PeriodInput!" : ""}) { _entities(representations: $representations) { ... on GovernmentEntity { ${selection} } } }`;

/** P2: the page through the gateway against the sum of the subgraph calls it needs, each direct. */
export async function measurePageQuery(
  stack: BenchStack,
  size: BenchSize,
  period: Period,
): Promise<FigureResult> {
  const analyst = stack.signed({ sub: "bench", roles: ["ANALYST"] });
  const calendar = await graphql<{ calendar: { items: { owner: { id: string } }[] }[] }>(
    stack.subgraphUrls.plan,
    PLAN_PART,
    { period },
    analyst,
  );
  const owners = [
    ...new Set(calendar.calendar.flatMap((day) => day.items.map((item) => item.owner.id))),
  ];
  const representations = owners.map((id) => ({ __typename: "GovernmentEntity", id }));
  const parts: { service: ServiceName; query: string; variables: Record<string, unknown> }[] = [
    { service: "plan", query: PLAN_PART, variables: { period } },
    { service: "entities", query: ENTITY_PART("name", false), variables: { representations } },
    {
      service: "reputation",
      query: ENTITY_PART("reputation(period: $period) { score rank }"),
      variables: { representations, period },
    },
    {
      service: "initiatives",
      query: ENTITY_PART("initiativeSessions(period: $period) { id }"),
      variables: { representations, period },
    },
  ];
  const direct: Partial<Record<ServiceName, LoadResult>> = {};
  for (const part of parts) {
    progress(`P2: ${part.service} part, direct`);
    const target = {
      url: stack.subgraphUrls[part.service],
      headers: analyst,
      body: { query: part.query, variables: part.variables },
    };
    await warmUp({ ...target, connections: 50 });
    direct[part.service] = await runLoad({
      ...target,
      connections: 50,
      durationSeconds: size.loadSeconds,
    });
  }
  progress("P2: the page through the gateway");
  const through = {
    url: stack.gatewayUrl,
    headers: { authorization: `Bearer ${await stack.token(["ANALYST"])}` },
    body: { query: MONTH_PAGE, variables: { period } },
  };
  await warmUp({ ...through, connections: 50 }, size.gatewayWarmUpSeconds);
  const cpuBefore = treeCpuSeconds(stack.gatewayPid);
  const gateway = await runLoad({ ...through, connections: 50, durationSeconds: size.loadSeconds });
  const gatewayCpuSeconds = treeCpuSeconds(stack.gatewayPid) - cpuBefore;
  // The four subgraphs the page reads (the briefings serve none of it).
  const read = parts.map((part) => part.service);
  const sumOfDirectP99 = read.reduce((sum, service) => sum + (direct[service]?.p99Ms ?? 0), 0);
  const ratio = gateway.p99Ms / sumOfDirectP99;
  const failures = gateway.failures + read.reduce((sum, s) => sum + (direct[s]?.failures ?? 0), 0);
  return {
    id: "P2",
    what: `month page across 4 subgraphs (${calendar.calendar.reduce((n, d) => n + d.items.length, 0)} items, ${owners.length} owners, 50 connections)`,
    measured: `p99 ${gateway.p99Ms} ms = ${round(ratio)}x the sum of direct p99s (${read.map((s) => `${s} ${direct[s]?.p99Ms}`).join(" + ")} = ${sumOfDirectP99} ms); ${Math.round(gateway.requestsPerSecond)} req/s; ${failures} errors`,
    bar: "p99 <= 1.5x sum of direct p99s; no errors",
    pass: ratio <= 1.5 && failures === 0,
    details: {
      gateway,
      direct,
      ratio,
      owners: owners.length,
      // P1c: the gateway's CPU per 1,000 month pages.
      gatewayCpuSecondsPer1000: (gatewayCpuSeconds / gateway.requests) * 1000,
    },
  };
}

async function statementTotals(stack: BenchStack): Promise<Record<ServiceName, number>> {
  const totals = {} as Record<ServiceName, number>;
  for (const service of SERVICES) {
    const text = await (await fetch(new URL("/metrics", stack.subgraphUrls[service]))).text();
    const line = text.split("\n").find((l) => l.startsWith("gcn_sql_statements_total"));
    totals[service] = Number(line?.slice(line.lastIndexOf(" ") + 1) ?? Number.NaN);
  }
  return totals;
}

/** SQL statements all four services run for one month page (read from each service's /metrics). */
export async function statementsForPage(
  stack: BenchStack,
  period: Period,
): Promise<{ total: number; byService: Record<ServiceName, number> }> {
  const headers = { authorization: `Bearer ${await stack.token(["ANALYST"])}` };
  let best: { total: number; byService: Record<ServiceName, number> } | undefined;
  // The least of three runs: a cold first run may include one-off lookups.
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await statementTotals(stack);
    await graphql(stack.gatewayUrl, MONTH_PAGE, { period }, headers);
    const after = await statementTotals(stack);
    const byService = Object.fromEntries(SERVICES.map((s) => [s, after[s] - before[s]])) as Record<
      ServiceName,
      number
    >;
    const total = SERVICES.reduce((sum, s) => sum + byService[s], 0);
    if (!best || total < best.total) best = { total, byService };
  }
  return best!;
}

/** P3: statements for the page with few and many items. */
export async function measureStatements(
  stack: BenchStack,
  months: { period: Period; items: number }[],
): Promise<FigureResult> {
  const counts = [];
  for (const month of months) {
    progress(`P3: statements for the month page with ${month.items} items`);
    counts.push({ items: month.items, ...(await statementsForPage(stack, month.period)) });
  }
  const first = counts[0]!;
  const last = counts[counts.length - 1]!;
  return {
    id: "P3",
    what: "no N+1: SQL statements per month page (all 4 services)",
    measured: counts.map((c) => `${c.items} items: ${c.total}`).join(", "),
    bar: `statements at ${last.items} <= statements at ${first.items} + 2`,
    pass: last.total <= first.total + 2,
    details: { counts },
  };
}

import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import type { Period } from "../bench-data";
import { graphql, runLoad } from "../load-runner";
import { round, type BenchSize, type FigureResult } from "./figure";

/** P6: a month's report over the whole sample table, and one entity's year of samples. */
export async function measureAnalytics(
  stack: BenchStack,
  size: BenchSize,
  samples: number,
  period: Period,
  entityId: string,
): Promise<FigureResult> {
  const admin = { authorization: `Bearer ${await stack.token(["ADMIN"])}` };
  progress(`P6: generateReport for ${period.year}-${period.month} over ${samples} samples`);
  const timings: number[] = [];
  let scored = 0;
  for (let run = 0; run < 3; run++) {
    const started = process.hrtime.bigint();
    const data = await graphql<{ generateReport: { scores: unknown[] } }>(
      stack.gatewayUrl,
      `
        mutation ($period: PeriodInput!) {
          generateReport(period: $period) {
            id
            nationalIndex
            scores {
              rank
              score
            }
          }
        }
      `,
      { period },
      admin,
    );
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    scored = data.generateReport.scores.length;
  }
  const reportMs = round(Math.max(...timings), 0);
  const to = new Date(Date.UTC(period.year, period.month, 0));
  const from = new Date(Date.UTC(period.year - 1, period.month, 1));
  const series = {
    query: `query Series($entityId: ID!, $from: Date!, $to: Date!) { metricSeries(entityId: $entityId, from: $from, to: $to) { date platform followers impressions engagements mentions } }`,
    variables: {
      entityId,
      from: from.toISOString().slice(0, 10),
      to: to.toISOString().slice(0, 10),
    },
  };
  const rows = await graphql<{ metricSeries: unknown[] }>(
    stack.gatewayUrl,
    series.query,
    series.variables,
    {
      authorization: `Bearer ${await stack.token(["ANALYST"])}`,
    },
  );
  progress(
    `P6: metricSeries for one entity-year (${rows.metricSeries.length} samples), one client`,
  );
  // The reputation service's own answer (the figure is about the data at scale; the gateway's
  // share is P1 and P2), and through the gateway for the record.
  const direct = {
    url: stack.subgraphUrls.reputation,
    headers: stack.signed({ sub: "bench", roles: ["ANALYST"] }),
    body: series,
    connections: 1,
  };
  const through = {
    url: stack.gatewayUrl,
    headers: { authorization: `Bearer ${await stack.token(["ANALYST"])}` },
    body: series,
    connections: 1,
  };
  await runLoad({ ...direct, durationSeconds: 1 });
  const load = await runLoad({ ...direct, durationSeconds: size.loadSeconds });
  await runLoad({ ...through, durationSeconds: 1 });
  const gateway = await runLoad({ ...through, durationSeconds: size.loadSeconds });
  return {
    id: "P6",
    what: `analytics over ${samples} samples: generateReport for a month; metricSeries for an entity-year (${rows.metricSeries.length} rows)`,
    measured: `report ${reportMs} ms (worst of 3, ${scored} entities scored); series p99 ${load.p99Ms} ms at the reputation service (p50 ${load.p50Ms} ms; through the gateway p99 ${gateway.p99Ms} ms)`,
    bar: "report <= 1 s; series p99 <= 10 ms",
    pass: reportMs <= 1000 && load.p99Ms <= 10 && load.failures === 0,
    details: {
      reportTimingsMs: timings,
      series: load,
      seriesThroughGateway: gateway,
      rows: rows.metricSeries.length,
    },
  };
}

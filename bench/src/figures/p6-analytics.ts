import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import { SAMPLE_PLATFORMS, type Period } from "../bench-data";
import { graphql, runLoad, warmUp } from "../load-runner";
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
  const analyst = { authorization: `Bearer ${await stack.token(["ANALYST"])}` };
  // The figure is the whole entity-year, all seven platforms (2,555 rows); one platform's line
  // (what a chart draws, 365 rows) is measured beside it for the record.
  const seriesOf = (platform: string | null) => ({
    query: `query Series($entityId: ID!, $platform: Platform, $from: Date!, $to: Date!) { metricSeries(entityId: $entityId, platform: $platform, from: $from, to: $to) { date platform followers impressions engagements mentions } }`,
    variables: {
      entityId,
      platform,
      from: from.toISOString().slice(0, 10),
      to: to.toISOString().slice(0, 10),
    },
  });
  const measureSeries = async (platform: string | null) => {
    const body = seriesOf(platform);
    const rows = (
      await graphql<{ metricSeries: unknown[] }>(
        stack.gatewayUrl,
        body.query,
        body.variables,
        analyst,
      )
    ).metricSeries.length;
    progress(
      `P6: metricSeries for one entity-year, ${platform ?? "all platforms"} (${rows} rows), one client`,
    );
    // The reputation service's own answer (the figure is about the data at scale; the gateway's
    // share is P1 and P2), and through the gateway for the record.
    const direct = {
      url: stack.subgraphUrls.reputation,
      headers: stack.signed({ sub: "bench", roles: ["ANALYST"] }),
      body,
      connections: 1,
    };
    await warmUp(direct);
    const load = await runLoad({ ...direct, durationSeconds: size.loadSeconds });
    const through = { url: stack.gatewayUrl, headers: analyst, body, connections: 1 };
    await warmUp(through);
    const gateway = await runLoad({ ...through, durationSeconds: size.loadSeconds });
    return { rows, load, gateway };
  };
  const line = await measureSeries(SAMPLE_PLATFORMS[0]);
  const all = await measureSeries(null);
  return {
    id: "P6",
    what: `analytics over ${samples} samples: generateReport for a month; metricSeries for an entity-year (${all.rows} rows, 7 platforms)`,
    measured: `report ${reportMs} ms (worst of 3, ${scored} entities scored); series p99 ${all.load.p99Ms} ms at the reputation service (p50 ${all.load.p50Ms} ms; through the gateway p99 ${all.gateway.p99Ms} ms); one platform's line (${line.rows} rows): p50 ${line.load.p50Ms} ms, p99 ${line.load.p99Ms} ms (gateway p99 ${line.gateway.p99Ms} ms)`,
    bar: "report <= 1 s; series p99 <= 10 ms",
    pass: reportMs <= 1000 && all.load.p99Ms <= 10 && all.load.failures === 0,
    details: {
      reportTimingsMs: timings,
      seriesOnePlatform: line,
      seriesAllPlatforms: all,
    },
  };
}

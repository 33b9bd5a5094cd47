import { ENTITIES_EVENTS, PLAN_EVENTS, Platform } from "@gcn/shared";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  anEntity,
  aPlanItem,
  type ServiceUnderTest,
  TEST_ANALYST,
  testLiaisonOf,
} from "@gcn/shared/testing";
import { startReputationForTest } from "./reputation-test-service";

const RECORD = `mutation($s: [MetricSampleInput!]!) { recordMetrics(samples: $s) { accepted updated rejected { index reason } } }`;
const GENERATE = `mutation($p: PeriodInput!) { generateReport(period: $p) { id status nationalIndex formulaVersion
  scores { entity { id } score rank sampleCount components { netSentiment responsiveness followerGrowth } }
  recommendations { entity { id } code severity platform evidence } activity { entity { id } planItemsDone } } }`;

type Report = {
  id: string;
  status: string;
  nationalIndex: number;
  formulaVersion: string;
  scores: { entity: { id: string }; score: number; rank: number; sampleCount: number }[];
  recommendations: { entity: { id: string }; code: string; platform: string | null }[];
};

describe("reputation subgraph on real PostgreSQL", () => {
  let api: ServiceUnderTest;
  const ids: Record<string, string> = {};

  before(async () => {
    api = await startReputationForTest();
    for (const code of ["A", "B", "C", "D", "E"]) {
      ids[code] = randomUUID();
      const accounts =
        code === "A"
          ? [
              { platform: "X", handle: "@gcn" },
              { platform: "INSTAGRAM", handle: "@gcn" },
            ]
          : [{ platform: "X", handle: "@gcn" }];
      await api.deliver(
        ENTITIES_EVENTS.events.EntityRegistered,
        anEntity({
          id: ids[code]!,
          code: `ENT_${code}`,
          active: true,
          socialAccounts: accounts,
        }),
      );
    }
    // A plan item DONE for everyone but B this month, so NO_COMMUNICATION_ACTIVITY is B's alone.
    for (const code of ["A", "C", "D", "E"]) {
      await api.deliver(
        PLAN_EVENTS.events.PlanItemStatusChanged,
        aPlanItem({
          id: randomUUID(),
          ownerId: ids[code]!,
          startsAt: "2026-10-15T07:00:00Z",
          status: "DONE",
        }),
      );
    }
  });
  after(async () => {
    await api.stop();
  });

  const sample = (code: string, date: string, values: Record<string, number | null>) => ({
    entityId: ids[code],
    platform: "X",
    date,
    ...values,
  });

  it("scores a crafted month exactly as the hand computation (see dri-scoring.test.ts)", async () => {
    const samples = [
      sample("A", "2026-10-01", {
        impressions: 9999,
        engagements: 500,
        mentions: 100,
        positiveMentions: 60,
        negativeMentions: 20,
        inquiries: 20,
        responses: 10,
        medianResponseMinutes: 60,
        followers: 1000,
      }),
      sample("A", "2026-10-30", { followers: 1100 }),
      sample("B", "2026-10-01", {
        impressions: 99,
        engagements: 10,
        mentions: 50,
        positiveMentions: 10,
        negativeMentions: 30,
        followers: 500,
      }),
      sample("B", "2026-10-30", { followers: 500 }),
      sample("C", "2026-10-05", {
        impressions: 999,
        engagements: 100,
        mentions: 50,
        positiveMentions: 25,
        negativeMentions: 25,
        inquiries: 10,
        responses: 10,
        medianResponseMinutes: 1440,
        followers: 200,
      }),
      sample("C", "2026-10-20", { followers: 300 }),
      sample("D", "2026-10-10", { impressions: 0 }),
      sample("E", "2026-10-02", {
        impressions: 9,
        engagements: 9,
        positiveMentions: 5,
        mentions: 5,
        inquiries: 4,
        responses: 2,
        medianResponseMinutes: 720,
        followers: 100,
      }),
      sample("E", "2026-10-30", { followers: 90 }),
    ];
    const recorded = await api.gql<{ recordMetrics: { accepted: number; updated: number } }>(
      RECORD,
      { s: samples },
    );
    assert.deepEqual(recorded.data!.recordMetrics, {
      accepted: 9,
      updated: 0,
      rejected: [],
    } as never);
    const generated = await api.gql<{ generateReport: Report }>(GENERATE, {
      p: { year: 2026, month: 10 },
    });
    assert.equal(generated.errors, undefined, JSON.stringify(generated.errors));
    const report = generated.data!.generateReport;
    const codeOf = (id: string) => Object.keys(ids).find((code) => ids[code] === id);
    assert.deepEqual(
      report.scores.map((s) => [codeOf(s.entity.id), s.score, s.rank]),
      [
        ["A", 60.27, 1],
        ["E", 53.25, 2],
        ["C", 43.25, 3],
        ["B", 39.94, 4],
        ["D", 29.17, 5],
      ],
    );
    assert.equal(report.nationalIndex, 45.18);
    assert.equal(report.formulaVersion, "dri-1");
    assert.deepEqual(
      report.recommendations
        .map((r) => `${codeOf(r.entity.id)}:${r.code}${r.platform ? `:${r.platform}` : ""}`)
        .sort(),
      [
        "A:INACTIVE_PLATFORM:INSTAGRAM",
        "A:LOW_RESPONSE_RATE:X",
        "B:NEGATIVE_SENTIMENT",
        "B:NO_COMMUNICATION_ACTIVITY",
        "C:SLOW_RESPONSE:X",
        "D:LOW_ENGAGEMENT",
        "E:SLOW_RESPONSE:X",
      ],
    );
  });

  it("freezes a published report; the next month's scores carry the previous score and delta", async () => {
    const draft = await api.gql<{ reputationReportFor: { id: string } }>(
      `{ reputationReportFor(period: { year: 2026, month: 10 }) { id } }`,
    );
    const id = draft.data!.reputationReportFor.id;
    const publish = `mutation($id: ID!) { publishReport(id: $id) { status publishedAt } }`;
    const published = await api.gql<{ publishReport: { status: string } }>(publish, { id });
    assert.equal(published.data!.publishReport.status, "PUBLISHED");
    const again = await api.gql(publish, { id });
    assert.equal(again.errors?.[0]?.extensions?.currentState, "PUBLISHED");
    const regenerate = await api.gql(GENERATE, { p: { year: 2026, month: 10 } });
    assert.equal(regenerate.errors?.[0]?.extensions?.code, "CONFLICT");
    await api.gql(RECORD, {
      s: [
        sample("B", "2026-11-03", {
          impressions: 99,
          engagements: 10,
          mentions: 50,
          positiveMentions: 10,
          negativeMentions: 30,
        }),
      ],
    });
    const november = await api.gql<{
      generateReport: { scores: { previousScore: number; delta: number; score: number }[] };
    }>(
      `mutation { generateReport(period: { year: 2026, month: 11 }) { scores { score previousScore delta } } }`,
    );
    const [b] = november.data!.generateReport.scores;
    assert.equal(b!.previousScore, 39.94);
    assert.equal(b!.delta, Math.round((b!.score - 39.94) * 100) / 100);
  });

  it("stores 9,997 of 10,000 samples, names the 3 bad ones, and updates rather than duplicates on a resend", async () => {
    const platforms = Object.values(Platform);
    const samples: Record<string, unknown>[] = [];
    for (const code of ["A", "B", "C", "D", "E"]) {
      for (const platform of platforms) {
        for (let d = 0; d < 200; d++) {
          const date = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
          samples.push({
            entityId: ids[code],
            platform,
            date,
            impressions: 100 + d,
            engagements: d,
            mentions: 10,
            positiveMentions: 5,
            negativeMentions: 2,
          });
        }
      }
    }
    samples[17] = { ...samples[17], engagements: -1 };
    samples[4242] = { ...samples[4242], entityId: randomUUID() };
    samples[9999] = { ...samples[9999], date: "2099-01-01" };
    const before = await api.count(`SELECT count(*) AS n FROM metric_sample`);
    const first = await api.gql<{
      recordMetrics: {
        accepted: number;
        updated: number;
        rejected: { index: number; reason: string }[];
      };
    }>(RECORD, { s: samples });
    assert.equal(first.errors, undefined, JSON.stringify(first.errors)?.slice(0, 500));
    assert.equal(first.data!.recordMetrics.accepted, 9997);
    assert.equal(first.data!.recordMetrics.updated, 0);
    assert.deepEqual(
      first.data!.recordMetrics.rejected.map((r) => r.index),
      [17, 4242, 9999],
    );
    assert.match(first.data!.recordMetrics.rejected[0]!.reason, /engagements must not be negative/);
    assert.match(first.data!.recordMetrics.rejected[1]!.reason, /no known government entity/);
    assert.match(first.data!.recordMetrics.rejected[2]!.reason, /in the future/);
    assert.equal(await api.count(`SELECT count(*) AS n FROM metric_sample`), before + 9997);
    const second = await api.gql<{ recordMetrics: { accepted: number; updated: number } }>(RECORD, {
      s: samples,
    });
    assert.equal(second.data!.recordMetrics.accepted, 9997);
    assert.equal(second.data!.recordMetrics.updated, 9997);
    assert.equal(
      await api.count(`SELECT count(*) AS n FROM metric_sample`),
      before + 9997,
      "no duplicates",
    );
    const series = await api.gql<{ metricSeries: { date: string; impressions: number }[] }>(
      `query($e: ID!) { metricSeries(entityId: $e, platform: YOUTUBE, from: "2025-01-01", to: "2025-01-03") { date impressions } }`,
      { e: ids.C },
    );
    assert.deepEqual(series.data!.metricSeries, [
      { date: "2025-01-01", impressions: 100 },
      { date: "2025-01-02", impressions: 101 },
      { date: "2025-01-03", impressions: 102 },
    ]);
    // The resolver reads only the selected columns: fields reached through fragments, the
    // entity reference and unset values must still all be there.
    const detailed = await api.gql<{ metricSeries: Record<string, unknown>[] }>(
      `query($e: ID!) {
        metricSeries(entityId: $e, from: "2025-01-02", to: "2025-01-02") {
          __typename date ...Counts
          ... on MetricSample { entity { id } platform medianResponseMinutes }
        }
      }
      fragment Counts on MetricSample { engagements positiveMentions followers }`,
      { e: ids.C },
    );
    assert.equal(detailed.errors, undefined, JSON.stringify(detailed.errors));
    assert.equal(detailed.data!.metricSeries.length, platforms.length);
    assert.deepEqual(detailed.data!.metricSeries[0], {
      __typename: "MetricSample",
      date: "2025-01-02",
      engagements: 1,
      positiveMentions: 5,
      followers: null,
      entity: { id: ids.C },
      platform: detailed.data!.metricSeries[0]!.platform,
      medianResponseMinutes: null,
    });
    assert.deepEqual(
      detailed.data!.metricSeries.map((s) => s.platform),
      [...platforms].sort(),
      "ordered by day, then platform",
    );
  });

  it("refuses more than 10,000 samples, an empty call, and bad weights, writing nothing", async () => {
    const empty = await api.gql(RECORD, { s: [] });
    assert.equal(empty.errors?.[0]?.extensions?.field, "samples");
    const weights = `mutation($w: ScoreWeightsInput!) { setScoreWeights(input: $w) { reach growth } }`;
    const bad = await api.gql(weights, {
      w: {
        reach: 0.5,
        engagement: 0.5,
        sentiment: 0.5,
        shareOfVoice: 0,
        responsiveness: 0,
        growth: 0,
      },
    });
    assert.equal(bad.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const negative = await api.gql(weights, {
      w: {
        reach: -0.1,
        engagement: 0.3,
        sentiment: 0.3,
        shareOfVoice: 0.2,
        responsiveness: 0.2,
        growth: 0.1,
      },
    });
    assert.equal(negative.errors?.[0]?.extensions?.field, "input.reach");
    assert.equal(await api.count(`SELECT count(*) AS n FROM score_weights`), 0);
    const good = await api.gql<{ setScoreWeights: { reach: number } }>(weights, {
      w: {
        reach: 0.2,
        engagement: 0.2,
        sentiment: 0.2,
        shareOfVoice: 0.2,
        responsiveness: 0.1,
        growth: 0.1,
      },
    });
    assert.equal(good.data!.setScoreWeights.reach, 0.2);
  });

  it("gives scores and weights ids, so a client cache keeps one of each and updates it", async () => {
    const generated = await api.gql<{
      reputationReportFor: {
        id: string;
        weights: { id: string };
        scores: { id: string; entity: { id: string } }[];
      };
    }>(
      `{ reputationReportFor(period: { year: 2026, month: 10 }) { id weights { id } scores { id entity { id } } } }`,
    );
    assert.equal(generated.errors, undefined, JSON.stringify(generated.errors));
    const report = generated.data!.reputationReportFor;
    assert.ok(report.scores.length > 0);
    for (const score of report.scores) assert.equal(score.id, `${score.entity.id}:2026-10`);
    assert.equal(new Set(report.scores.map((score) => score.id)).size, report.scores.length);
    assert.equal(report.weights.id, `report:${report.id}`, "a report's weights are its own");
    const byEntity = await api.gql<{ _entities: { reputation: { id: string } | null }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on GovernmentEntity { reputation(period: { year: 2026, month: 10 }) { id } } } }`,
      { r: [{ __typename: "GovernmentEntity", id: report.scores[0]!.entity.id }] },
    );
    assert.equal(
      byEntity.data!._entities[0]!.reputation!.id,
      report.scores[0]!.id,
      "same score, same id",
    );
    const current = await api.gql<{ scoreWeights: { id: string } }>(`{ scoreWeights { id } }`);
    const set = await api.gql<{ setScoreWeights: { id: string } }>(
      `mutation { setScoreWeights(input: { reach: 0.15, engagement: 0.2, sentiment: 0.25, shareOfVoice: 0.15, responsiveness: 0.15, growth: 0.1 }) { id } }`,
    );
    assert.equal(current.data!.scoreWeights.id, "current");
    assert.equal(set.data!.setScoreWeights.id, current.data!.scoreWeights.id);
  });

  it("answers an entity's reputation from the report as it is now, after it is generated again", async () => {
    const period = { year: 2026, month: 8 };
    const READ = `query($r: [_Any!]!, $p: PeriodInput!) { _entities(representations: $r) { ... on GovernmentEntity { reputation(period: $p) { score sampleCount } } } }`;
    const read = async () => {
      const answer = await api.gql<{
        _entities: ({ reputation: { score: number; sampleCount: number } | null } | null)[];
      }>(READ, {
        r: [{ __typename: "GovernmentEntity", id: ids.A }],
        p: period,
      });
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer.data!._entities[0]!.reputation;
    };
    assert.equal(await read(), null, "no report for the month yet");
    const record = async (date: string, engagements: number) => {
      const recorded = await api.gql(RECORD, {
        s: [sample("A", date, { impressions: 1000, engagements, followers: 500 })],
      });
      assert.equal(recorded.errors, undefined, JSON.stringify(recorded.errors));
    };
    const generate = async () => {
      const generated = await api.gql(GENERATE, { p: period });
      assert.equal(generated.errors, undefined, JSON.stringify(generated.errors));
    };
    await record("2026-08-05", 10);
    await generate();
    const first = await read();
    assert.equal(first?.sampleCount, 1);
    assert.deepEqual(await read(), first, "read again, the same report answers the same");
    await record("2026-08-06", 400);
    await generate();
    const second = await read();
    assert.equal(second?.sampleCount, 2, "the report generated again is the one read");
  });

  it("lets INGEST and ADMIN record, and only ADMIN generate, publish and set weights", async () => {
    const ingest = { sub: "collector", roles: ["INGEST" as const] };
    const recorded = await api.gql(
      RECORD,
      { s: [sample("A", "2026-09-01", { impressions: 1 })] },
      ingest,
    );
    assert.equal(recorded.errors, undefined);
    for (const caller of [TEST_ANALYST, testLiaisonOf(ids.A!)]) {
      const record = await api.gql(
        RECORD,
        { s: [sample("A", "2026-09-02", { impressions: 1 })] },
        caller,
      );
      assert.equal(record.errors?.[0]?.extensions?.code, "FORBIDDEN");
    }
    for (const caller of [ingest, TEST_ANALYST]) {
      const generate = await api.gql(GENERATE, { p: { year: 2026, month: 9 } }, caller);
      assert.equal(generate.errors?.[0]?.extensions?.code, "FORBIDDEN");
    }
  });
});

describe("collector samples on the in-process transport", () => {
  let api: ServiceUnderTest;
  let entityId: string;
  before(async () => {
    api = await startReputationForTest();
    entityId = randomUUID();
    await api.deliver(
      ENTITIES_EVENTS.events.EntityRegistered,
      anEntity({
        id: entityId,
        code: "COLLECTED",
        active: true,
        socialAccounts: [],
      }),
    );
  });
  after(async () => {
    await api.stop();
  });

  const send = (value: string) =>
    api.transport!.publish([{ topic: "gcn.reputation.samples.v1", key: entityId, value }]);

  it("stores a sample sent on gcn.reputation.samples.v1 and dead-letters malformed or rejected ones", async () => {
    await send(
      JSON.stringify({
        entityId,
        platform: "X",
        date: "2026-10-05",
        impressions: 321,
        mentions: 4,
        positiveMentions: 3,
      }),
    );
    await send("{ not json");
    await send(
      JSON.stringify({
        entityId,
        platform: "X",
        date: "2026-10-06",
        mentions: 1,
        positiveMentions: 2,
      }),
    );
    const series = await api.gql<{ metricSeries: { date: string; impressions: number }[] }>(
      `query($e: ID!) { metricSeries(entityId: $e, from: "2026-10-01", to: "2026-10-31") { date impressions } }`,
      { e: entityId },
    );
    assert.deepEqual(series.data!.metricSeries, [{ date: "2026-10-05", impressions: 321 }]);
    const dead = api.transport!.unconsumed.filter(
      (m) => m.topic === "gcn.reputation.samples.v1.dlq",
    );
    assert.equal(dead.length, 2);
    assert.match(dead[0]!.headers!["gcn-error"]!, /not JSON/);
    assert.match(dead[1]!.headers!["gcn-error"]!, /exceed mentions/);
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const REGISTER = `mutation($code: String!, $ar: String!) { registerEntity(input: { code: $code, nameAr: $ar, kind: MINISTRY, socialAccounts: [{ platform: X, handle: "@x" }] }) { id } }`;
const RECORD = `mutation($s: [MetricSampleInput!]!) { recordMetrics(samples: $s) { accepted updated rejected { index reason } } }`;

describe("the reputation report through the gateway", () => {
  let platform: TestPlatform;
  const ids: Record<string, string> = {};
  before(async () => {
    platform = await startPlatformForTest();
    for (const [code, ar] of [
      ["A", "وزارة أ"],
      ["B", "وزارة ب"],
      ["C", "وزارة ج"],
      ["D", "وزارة د"],
      ["E", "وزارة هـ"],
    ] as const) {
      const result = await platform.as<{ registerEntity: { id: string } }>(["ADMIN"], REGISTER, {
        code: `REP_${code}`,
        ar,
      });
      ids[code] = result.data!.registerEntity.id;
    }
  });
  after(async () => {
    await platform.stop();
  });

  it("scores a crafted month by the hand computation, with each entity's name from the entities subgraph", async () => {
    const s = (code: string, date: string, values: Record<string, number>) => ({
      entityId: ids[code],
      platform: "X",
      date,
      ...values,
    });
    const samples = [
      s("A", "2026-10-01", {
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
      s("A", "2026-10-30", { followers: 1100 }),
      s("B", "2026-10-01", {
        impressions: 99,
        engagements: 10,
        mentions: 50,
        positiveMentions: 10,
        negativeMentions: 30,
        followers: 500,
      }),
      s("B", "2026-10-30", { followers: 500 }),
      s("C", "2026-10-05", {
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
      s("C", "2026-10-20", { followers: 300 }),
      s("D", "2026-10-10", { impressions: 0 }),
      s("E", "2026-10-02", {
        impressions: 9,
        engagements: 9,
        mentions: 5,
        positiveMentions: 5,
        inquiries: 4,
        responses: 2,
        medianResponseMinutes: 720,
        followers: 100,
      }),
      s("E", "2026-10-30", { followers: 90 }),
    ];
    // The reputation service knows the entities once their events arrive.
    const recorded = await waitFor(
      async () => {
        const result = await platform.as<{ recordMetrics: { accepted: number } }>(
          ["INGEST"],
          RECORD,
          { s: samples },
        );
        return result.data?.recordMetrics.accepted === 9 ? result.data.recordMetrics : undefined;
      },
      { timeoutMs: 10_000, what: "the reputation service to know the entities" },
    );
    assert.equal(recorded.accepted, 9);
    await platform.as(
      ["ADMIN"],
      `mutation { generateReport(period: { year: 2026, month: 10 }) { id } }`,
    );
    const report = await platform.as<{
      reputationReportFor: {
        nationalIndex: number;
        scores: { entity: { name: string }; score: number; rank: number }[];
      };
      entityByCode: { reputation: { score: number; rank: number } };
    }>(
      ["ANALYST"],
      `{ reputationReportFor(period: { year: 2026, month: 10 }) { nationalIndex scores { entity { name } score rank } }
         entityByCode(code: "REP_C") { reputation(period: { year: 2026, month: 10 }) { score rank } } }`,
    );
    assert.equal(report.errors, undefined, JSON.stringify(report.errors));
    assert.deepEqual(
      report.data!.reputationReportFor.scores.map((r) => [r.entity.name, r.score, r.rank]),
      [
        ["وزارة أ", 60.27, 1],
        ["وزارة هـ", 53.25, 2],
        ["وزارة ج", 43.25, 3],
        ["وزارة ب", 39.94, 4],
        ["وزارة د", 29.17, 5],
      ],
    );
    assert.equal(report.data!.reputationReportFor.nationalIndex, 45.18);
    assert.deepEqual(report.data!.entityByCode.reputation, { score: 43.25, rank: 3 });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scoreEntities, type EntityTotals } from "../src/domain/dri-scoring";
import {
  nearestRankPercentile,
  recommend,
  type EntityContext,
} from "../src/domain/recommendation-rules";
import { FIXTURE, totals } from "./scoring-fixture";

const quiet: EntityContext = {
  accountPlatforms: [],
  planItemsDone: 1,
  sessionsHeld: 0,
  previousNetSentiment: null,
};

function codes(entities: EntityTotals[], context: (id: string) => EntityContext = () => quiet) {
  return recommend(entities, scoreEntities(entities), context).map(
    (r) => `${r.entityId}:${r.code}${r.platform ? `:${r.platform}` : ""}`,
  );
}

const one = (platformValues: Parameters<typeof totals>[1], platform = "X"): EntityTotals[] => [
  { entityId: "e", platforms: [totals(platform, platformValues)], followerDays: [] },
];

describe("recommendations", () => {
  it("fires on the fixture exactly where the hand computation says", () => {
    const context = (id: string): EntityContext => ({
      accountPlatforms: id === "A" ? ["X", "INSTAGRAM"] : ["X"],
      planItemsDone: id === "B" ? 0 : 1,
      sessionsHeld: 0,
      previousNetSentiment: id === "B" ? 0 : null,
    });
    assert.deepEqual(codes(FIXTURE, context).sort(), [
      "A:INACTIVE_PLATFORM:INSTAGRAM",
      "A:LOW_RESPONSE_RATE:X",
      "B:NEGATIVE_SENTIMENT",
      "B:NO_COMMUNICATION_ACTIVITY",
      "B:SENTIMENT_DROP",
      "C:SLOW_RESPONSE:X",
      "D:LOW_ENGAGEMENT",
      "E:SLOW_RESPONSE:X",
    ]);
  });

  it("LOW_RESPONSE_RATE: 10 inquiries and a rate under 0.6, per platform", () => {
    assert.deepEqual(codes(one({ inquiries: 10, responses: 5 })), ["e:LOW_RESPONSE_RATE:X"]);
    assert.deepEqual(codes(one({ inquiries: 10, responses: 6 })), [], "rate 0.6 is not below 0.6");
    assert.deepEqual(codes(one({ inquiries: 9, responses: 0 })), [], "fewer than 10 inquiries");
  });

  it("SLOW_RESPONSE: a responses-weighted median over 240 minutes", () => {
    assert.deepEqual(codes(one({ responses: 1, minutes: 241 })), ["e:SLOW_RESPONSE:X"]);
    assert.deepEqual(codes(one({ responses: 1, minutes: 240 })), []);
    assert.deepEqual(codes(one({ responses: 0, minutes: 900 })), [], "no responses");
  });

  it("NEGATIVE_SENTIMENT: below −0.2 with at least 20 votes", () => {
    assert.deepEqual(
      codes(one({ positive: 7, negative: 13 })),
      ["e:NEGATIVE_SENTIMENT"],
      "(7 − 13) / 20 = −0.3",
    );
    assert.deepEqual(codes(one({ positive: 8, negative: 12 })), [], "−0.2 is not below −0.2");
    assert.deepEqual(codes(one({ positive: 0, negative: 19 })), [], "19 votes");
  });

  it("SENTIMENT_DROP: a fall of at least 0.2 against the previous report", () => {
    const entity = one({ positive: 6, negative: 4 }); // net 0.2
    const withPrevious = (previous: number) => () => ({ ...quiet, previousNetSentiment: previous });
    assert.deepEqual(codes(entity, withPrevious(0.4)), ["e:SENTIMENT_DROP"], "0.4 → 0.2");
    assert.deepEqual(codes(entity, withPrevious(0.39)), []);
    assert.deepEqual(
      codes(entity, () => quiet),
      [],
      "no previous report",
    );
  });

  it("LOW_ENGAGEMENT: below the nearest-rank 25th percentile, from 4 scored entities", () => {
    assert.equal(nearestRankPercentile([0.4, 0.1, 0.3, 0.2], 0.25), 0.1);
    assert.equal(nearestRankPercentile([5, 1, 4, 2, 3], 0.25), 2, "rank ceil(1.25) = 2");
    const four = [0.01, 0.02, 0.03, 0.04].map((rate, i) => ({
      entityId: `e${i}`,
      platforms: [totals("X", { impressions: 100, engagements: rate * 100 })],
      followerDays: [],
    }));
    assert.deepEqual(codes(four), [], "the lowest equals P25 and is not below it");
    const three = four.slice(1);
    assert.deepEqual(
      codes([
        { ...four[0]!, platforms: [totals("X", { impressions: 100, engagements: 0 })] },
        ...three,
      ]),
      [],
    );
    const five = [
      ...four,
      {
        entityId: "low",
        platforms: [totals("X", { impressions: 100, engagements: 0 })],
        followerDays: [],
      },
    ];
    assert.deepEqual(codes(five), ["low:LOW_ENGAGEMENT"]);
    assert.deepEqual(codes(five.slice(2)), [], "3 scored entities: the rule does not apply");
  });

  it("INACTIVE_PLATFORM: an account with no sample in the period, per platform", () => {
    const context = () => ({ ...quiet, accountPlatforms: ["X", "YOUTUBE"] });
    assert.deepEqual(codes(one({ impressions: 5 }), context), ["e:INACTIVE_PLATFORM:YOUTUBE"]);
    assert.deepEqual(codes(one({ impressions: 5 }, "YOUTUBE"), context), ["e:INACTIVE_PLATFORM:X"]);
  });

  it("NO_COMMUNICATION_ACTIVITY: mentions but no item done and no session held", () => {
    const idle = () => ({ ...quiet, planItemsDone: 0, sessionsHeld: 0 });
    assert.deepEqual(codes(one({ mentions: 1 }), idle), ["e:NO_COMMUNICATION_ACTIVITY"]);
    assert.deepEqual(codes(one({ mentions: 0 }), idle), [], "nobody talks about it");
    assert.deepEqual(
      codes(one({ mentions: 1 }), () => ({ ...idle(), sessionsHeld: 1 })),
      [],
    );
  });

  it("gives every recommendation Arabic and English text and its evidence", () => {
    for (const r of recommend(FIXTURE, scoreEntities(FIXTURE), () => ({
      ...quiet,
      planItemsDone: 0,
    }))) {
      assert.ok(r.messageAr && r.messageEn && r.evidence, r.code);
    }
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  invalidWeights,
  minmax,
  nationalIndex,
  platformShares,
  rank,
  round2,
  scoreEntities,
} from "../src/domain/dri-scoring";
import { FIXTURE, totals } from "./scoring-fixture";

describe("dri-1 scoring on a hand-computed fixture", () => {
  const scores = scoreEntities(FIXTURE);
  const of = (id: string) => scores.find((s) => s.entityId === id)!;

  it("computes every raw component", () => {
    const a = of("A").components;
    assert.equal(a.reach, 9999);
    assert.ok(Math.abs(a.engagementRate - 500 / 9999) < 1e-12);
    assert.equal(a.netSentiment, 0.5, "(60 − 20) / 80");
    assert.equal(a.shareOfVoice, 100 / 205, "100 of 205 mentions");
    assert.ok(
      Math.abs(a.responsiveness - 0.5 * (1 - 60 / 1440)) < 1e-12,
      "rate 10/20 × speed 1 − 60/1440",
    );
    assert.ok(Math.abs(a.followerGrowth - 0.1) < 1e-12, "(1100 − 1000) / 1000");
    assert.equal(of("B").components.responsiveness, 1, "no inquiries and no minutes: 1 × 1");
    assert.equal(of("C").components.responsiveness, 0, "a full day to answer: speed 0");
    assert.equal(of("D").components.engagementRate, 0, "no impressions");
    assert.equal(of("D").components.netSentiment, 0, "no votes");
    assert.equal(of("D").components.followerGrowth, 0, "no followers reported");
    assert.ok(
      Math.abs(of("E").components.followerGrowth + 0.1) < 1e-12,
      "earliest day first, whatever the input order",
    );
    assert.equal(of("E").components.responsiveness, 0.25, "rate 2/4 × speed 1 − 720/1440");
  });

  it("scores, ranks and averages as worked out by hand", () => {
    // A: 100 × (.15·1 + .2·(500/9999) + .25·.75 + .15·1 + .15·.4791667 + .1·(.2/.6)) = 60.27
    // B: 100 × (.15·.5 + .2·(10/99) + .25·.25 + .15·.5 + .15·1 + .1·(.1/.6)) = 39.94
    // C: 100 × (.15·.75 + .2·(100/999) + .25·.5 + .15·.5 + 0 + .1·1) = 43.25
    // D: 100 × (0 + 0 + .25·.5 + 0 + .15·1 + .1·(.1/.6)) = 29.17
    // E: 100 × (.15·.25 + .2·1 + .25·1 + .15·(5/100) + .15·.25 + 0) = 53.25
    assert.deepEqual(
      scores.map((s) => [s.entityId, s.score, s.rank]),
      [
        ["A", 60.27, 1],
        ["B", 39.94, 4],
        ["C", 43.25, 3],
        ["D", 29.17, 5],
        ["E", 53.25, 2],
      ],
    );
    assert.equal(nationalIndex(scores), 45.18, "225.88 / 5 = 45.176");
  });

  it("gives 0.5 to everyone when all values are equal", () => {
    assert.deepEqual(minmax([3, 3, 3]), [0.5, 0.5, 0.5]);
    const twins = scoreEntities([
      {
        entityId: "x",
        platforms: [totals("X", { impressions: 10, engagements: 1, mentions: 5 })],
        followerDays: [],
      },
      {
        entityId: "y",
        platforms: [totals("X", { impressions: 10, engagements: 1, mentions: 5 })],
        followerDays: [],
      },
    ]);
    // .15·.5 + .2·.5 + .25·.5 + .15·1 + .15·1 + .1·.5 = .65
    assert.deepEqual(
      twins.map((s) => [s.score, s.rank]),
      [
        [65, 1],
        [65, 1],
      ],
    );
  });

  it("splits each score into its weighted terms, which add up to it", () => {
    for (const score of scores) {
      const terms = Object.values(score.contributions);
      assert.equal(terms.length, 6);
      const sum = terms.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - score.score) <= 0.03, `${score.entityId}: ${sum} vs ${score.score}`);
    }
  });

  it("shares an entity's month between its platforms: of engagements, summing to 1", () => {
    for (const entity of FIXTURE) {
      const shares = platformShares(entity);
      if (shares.length === 0) continue;
      const total = shares.reduce((a, s) => a + s.share, 0);
      assert.ok(Math.abs(total - 1) < 0.001, `${entity.entityId}'s shares sum to ${total}`);
      for (let i = 1; i < shares.length; i++) assert.ok(shares[i - 1]!.share >= shares[i]!.share);
    }
    const two = platformShares({
      entityId: "Z",
      followerDays: [],
      platforms: [
        { ...FIXTURE[0]!.platforms[0]!, platform: "X", engagements: 300 },
        { ...FIXTURE[0]!.platforms[0]!, platform: "INSTAGRAM", engagements: 100 },
      ],
    });
    assert.deepEqual(
      two.map((s) => [s.platform, s.share]),
      [
        ["X", 0.75],
        ["INSTAGRAM", 0.25],
      ],
    );
  });

  it("ranks ties on the rounded score: 1, 2, 2, 4", () => {
    assert.deepEqual(rank([90, 80, 80, 70]), [1, 2, 2, 4]);
  });

  it("rounds half away from zero to 2 decimals", () => {
    assert.equal(round2(1.005), 1.01);
    assert.equal(round2(45.026), 45.03);
    assert.equal(round2(-0.125), -0.13);
    assert.equal(round2(2.004999), 2);
  });

  it("scores only entities with a sample in the period", () => {
    const none = scoreEntities([{ entityId: "z", platforms: [], followerDays: [] }, ...FIXTURE]);
    assert.equal(none.length, 5);
    assert.deepEqual(scoreEntities([]), []);
  });

  it("accepts weights that are non-negative and sum to 1, and names the offender otherwise", () => {
    const ok = {
      reach: 0.2,
      engagement: 0.2,
      sentiment: 0.2,
      shareOfVoice: 0.2,
      responsiveness: 0.1,
      growth: 0.1,
    };
    assert.equal(invalidWeights(ok), null);
    assert.equal(invalidWeights({ ...ok, growth: 0.1 + 5e-7 }), null, "within 1e-6");
    assert.equal(invalidWeights({ ...ok, growth: 0.2 }), "sum");
    assert.equal(invalidWeights({ ...ok, reach: -0.1, growth: 0.4 }), "reach");
  });
});

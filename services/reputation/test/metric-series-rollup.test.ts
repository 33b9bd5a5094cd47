import { anEntity } from "@gcn/shared/testing";
import { ENTITIES_EVENTS } from "@gcn/shared";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { ServiceUnderTest } from "@gcn/shared/testing";
import { startReputationForTest } from "./reputation-test-service";

const RECORD = `mutation($s: [MetricSampleInput!]!) { recordMetrics(samples: $s) { accepted rejected { reason } } }`;
const SERIES = `query($e: ID!, $p: Platform, $from: Date!, $to: Date!) {
  metricSeries(entityId: $e, platform: $p, from: $from, to: $to) { date platform impressions followers }
}`;

type Sample = {
  date: string;
  platform: string;
  impressions: number | null;
  followers: number | null;
};

/** metricSeries reads the monthly rollup (migration 402); these check it never answers stale. */
describe("metricSeries over the monthly rollup", () => {
  let api: ServiceUnderTest;
  const entityId = randomUUID();
  const days = (month: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
  const allDays = [...days("2025-01", 31), ...days("2025-02", 28)];

  const series = async (from: string, to: string, platform: string | null = null) => {
    const answer = await api.gql<{ metricSeries: Sample[] }>(SERIES, {
      e: entityId,
      p: platform,
      from,
      to,
    });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data!.metricSeries;
  };
  const impressionsOn = async (date: string, platform: string) =>
    (await series(date, date, platform))[0]?.impressions;
  const sql = (text: string, params: unknown[] = []) => api.service.dataSource.query(text, params);
  const marks = () =>
    api.count(`SELECT count(*) AS n FROM metric_month_change WHERE entity_id = $1`, [entityId]);

  before(async () => {
    api = await startReputationForTest();
    await api.deliver(
      ENTITIES_EVENTS.events.EntityRegistered,
      anEntity({
        id: entityId,
        code: "ROLLUP",
        active: true,
        socialAccounts: [
          { platform: "X", handle: "@gcn" },
          { platform: "YOUTUBE", handle: "@gcn" },
        ],
      }),
    );
    const samples = allDays.flatMap((date, index) => [
      { entityId, platform: "YOUTUBE", date, impressions: index, followers: null },
      { entityId, platform: "X", date, impressions: 1000 + index, followers: 50 },
    ]);
    const recorded = await api.gql<{ recordMetrics: { accepted: number } }>(RECORD, {
      s: samples,
    });
    assert.equal(recorded.data?.recordMetrics.accepted, samples.length);
  });
  after(async () => {
    await api.stop();
  });

  it("answers a range across months by day then platform, and rolls the months up", async () => {
    assert.ok((await marks()) > 0, "recordMetrics marked the months it wrote");
    const answer = await series("2025-01-30", "2025-02-02");
    assert.deepEqual(answer, [
      { date: "2025-01-30", platform: "X", impressions: 1029, followers: 50 },
      { date: "2025-01-30", platform: "YOUTUBE", impressions: 29, followers: null },
      { date: "2025-01-31", platform: "X", impressions: 1030, followers: 50 },
      { date: "2025-01-31", platform: "YOUTUBE", impressions: 30, followers: null },
      { date: "2025-02-01", platform: "X", impressions: 1031, followers: 50 },
      { date: "2025-02-01", platform: "YOUTUBE", impressions: 31, followers: null },
      { date: "2025-02-02", platform: "X", impressions: 1032, followers: 50 },
      { date: "2025-02-02", platform: "YOUTUBE", impressions: 32, followers: null },
    ]);
    assert.equal(await marks(), 0, "the read rolled both months up");
    assert.equal(
      await api.count(`SELECT count(*) AS n FROM metric_month_rollup WHERE entity_id = $1`, [
        entityId,
      ]),
      4,
      "two months of two platforms",
    );
    // From the rollup now: the same answer, and one platform's line alone.
    assert.deepEqual(await series("2025-01-30", "2025-02-02"), answer);
    const line = await series("2025-01-01", "2025-02-28", "YOUTUBE");
    assert.deepEqual(
      line.map((s) => s.date),
      allDays,
    );
    assert.ok(line.every((s) => s.platform === "YOUTUBE"));
    assert.deepEqual(await series("2025-02-10", "2025-02-01"), [], "an empty range");
    assert.deepEqual(await series("2024-01-01", "2024-12-31"), [], "a year without samples");
  });

  it("follows every write: the command, an operator's SQL update, a delete, a truncate", async () => {
    await series("2025-01-01", "2025-02-28");
    await api.gql(RECORD, {
      s: [{ entityId, platform: "X", date: "2025-01-05", impressions: 555 }],
    });
    assert.equal(await marks(), 1);
    assert.equal(await impressionsOn("2025-01-05", "X"), 555);

    await sql(`UPDATE metric_sample SET impressions = 666 WHERE entity_id = $1 AND day = $2`, [
      entityId,
      "2025-01-06",
    ]);
    assert.equal(await impressionsOn("2025-01-06", "X"), 666);
    assert.equal(await impressionsOn("2025-01-06", "YOUTUBE"), 666);

    // An operator moves a sample to another month: both months change.
    await sql(
      `UPDATE metric_sample SET day = '2025-03-03' WHERE entity_id = $1 AND day = '2025-01-07' AND platform = 'X'`,
      [entityId],
    );
    assert.deepEqual(
      (await series("2025-01-07", "2025-01-07")).map((s) => s.platform),
      ["YOUTUBE"],
      "gone from January",
    );
    assert.equal(
      (await series("2025-03-03", "2025-03-03", "X"))[0]?.impressions,
      1006,
      "in March, with January 7's values",
    );

    await sql(`DELETE FROM metric_sample WHERE entity_id = $1 AND day >= '2025-02-01'`, [entityId]);
    const afterDelete = await series("2025-01-31", "2025-03-31");
    assert.deepEqual(
      afterDelete.map((s) => s.date),
      ["2025-01-31", "2025-01-31"],
    );
    assert.equal(
      await api.count(`SELECT count(*) AS n FROM metric_month_rollup WHERE entity_id = $1`, [
        entityId,
      ]),
      2,
      "an emptied month keeps no rollup",
    );
  });

  it("does not lose a write that commits while a read rebuilds the month", async () => {
    await api.gql(RECORD, { s: [{ entityId, platform: "X", date: "2025-01-10", impressions: 1 }] });
    const writer = api.service.dataSource.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query(
        `UPDATE metric_sample SET impressions = 777 WHERE entity_id = $1 AND day = '2025-01-11' AND platform = 'X'`,
        [entityId],
      );
      // The month is stale (the first write): this read rebuilds it without the open write.
      assert.equal(await impressionsOn("2025-01-11", "X"), 1010);
      assert.equal(await impressionsOn("2025-01-10", "X"), 1);
      await writer.commitTransaction();
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    assert.equal(await impressionsOn("2025-01-11", "X"), 777, "its mark outlived the rebuild");
  });

  it("gives concurrent reads of a stale month the same answer, and keeps one rollup", async () => {
    await api.gql(RECORD, { s: [{ entityId, platform: "X", date: "2025-01-20", impressions: 9 }] });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => series("2025-01-01", "2025-01-31")),
    );
    for (const answer of answers) assert.deepEqual(answer, answers[0]);
    assert.equal(
      answers[0]!.find((s) => s.date === "2025-01-20" && s.platform === "X")?.impressions,
      9,
    );
    assert.equal(
      await api.count(
        `SELECT count(*) AS n FROM metric_month_rollup WHERE entity_id = $1 AND month = '2025-01-01'`,
        [entityId],
      ),
      2,
      "one row per platform",
    );
  });

  it("keeps parsed months only while their rollup row is unchanged", async () => {
    const march = ["2025-03-01", "2025-03-02", "2025-03-03"];
    await api.gql(RECORD, {
      s: march.map((date, i) => ({ entityId, platform: "YOUTUBE", date, impressions: i })),
    });
    assert.deepEqual(
      (await series("2025-03-01", "2025-03-31", "YOUTUBE")).map((s) => s.impressions),
      [0, 1, 2],
    );
    // Another replica (or an operator) rewrites the rollup row: no change mark, a new row version.
    // Were the parsed month kept by month alone, the old numbers would come back.
    await sql(
      `UPDATE metric_month_rollup
          SET samples = '[[' || (date '2025-03-02' - date '1970-01-01') || ',1,4242,0,0,0,0,0,0,0,0]]'
        WHERE entity_id = $1 AND month = '2025-03-01' AND platform = 'YOUTUBE'`,
      [entityId],
    );
    assert.deepEqual(await series("2025-03-01", "2025-03-31", "YOUTUBE"), [
      { date: "2025-03-02", platform: "YOUTUBE", impressions: 4242, followers: 1 },
    ]);
    assert.equal(await impressionsOn("2025-01-31", "YOUTUBE"), 30, "other months read right");
  });

  it("forgets every rollup when the samples are truncated", async () => {
    await sql(`TRUNCATE metric_sample`);
    assert.equal(await api.count(`SELECT count(*) AS n FROM metric_month_rollup`), 0);
    assert.deepEqual(await series("2025-01-01", "2025-02-28"), []);
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";
import { countStatements } from "@gcn/shared/testing";

const REGISTER = `mutation($code: String!, $ar: String!, $en: String) { registerEntity(input: { code: $code, nameAr: $ar, nameEn: $en, kind: MINISTRY }) { id } }`;
const SCHEDULE = `mutation($input: SchedulePlanItemInput!) { schedulePlanItem(input: $input) { id } }`;
const MONTH_PAGE = `query($p: PeriodInput!) {
  calendar(period: $p) { date items { title priority owner { code name } } }
  clashes(period: $p) { a { title owner { name } } b { title owner { name } } sharedChannels }
}`;

describe("the communication plan through the gateway", () => {
  let platform: TestPlatform;
  const owners: { id: string; code: string }[] = [];

  before(async () => {
    platform = await startPlatformForTest();
    for (const [code, ar, en] of [
      ["MIA", "وزارة شؤون الإعلام", "Ministry of Information Affairs"],
      ["MOH", "وزارة الصحة", "Ministry of Health"],
      ["MOE", "وزارة التربية والتعليم", "Ministry of Education"],
      ["MOI", "وزارة الداخلية", "Ministry of Interior"],
      ["MOL", "وزارة العمل", "Ministry of Labour"],
    ] as const) {
      const result = await platform.as<{ registerEntity: { id: string } }>(["ADMIN"], REGISTER, {
        code,
        ar,
        en,
      });
      owners.push({ id: result.data!.registerEntity.id, code });
    }
    // The plan knows the owners once their events arrive.
    await waitFor(
      async () => {
        const [{ n }] = (await platform.plan.dataSource.query(
          `SELECT count(*)::int AS n FROM entity_ref`,
        )) as { n: number }[];
        return n === owners.length;
      },
      { timeoutMs: 10_000, what: "the plan's entity projection" },
    );
  });
  after(async () => {
    await platform.stop();
  });

  async function scheduleItems(count: number, month: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const owner = owners[i % owners.length]!;
      // Pairs (2k, 2k+1) share an hour and have different owners; those with k even are HIGH and clash.
      const day = 1 + Math.floor(i / 20);
      const hour = 5 + (Math.floor(i / 2) % 10);
      const result = await platform.as(["ADMIN"], SCHEDULE, {
        input: {
          ownerId: owner.id,
          kind: "EVENT",
          titleAr: `فعالية رقم ${i}`,
          titleEn: `Event ${i}`,
          startsAt: new Date(Date.UTC(2027, month - 1, day, hour)).toISOString(),
          endsAt: new Date(Date.UTC(2027, month - 1, day, hour + 2)).toISOString(),
          channels: ["TV"],
          priority: i % 4 < 2 ? "HIGH" : "NORMAL",
        },
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    }
  }

  it("answers a month's calendar with owner names and its clashes in one query; the entities service's statements do not grow with the items", async () => {
    await scheduleItems(10, 1);
    await scheduleItems(200, 2);
    const small = await countStatements(platform.entities.dataSource, () =>
      platform.as(["ANALYST"], MONTH_PAGE, { p: { year: 2027, month: 1 } }),
    );
    const large = await countStatements(platform.entities.dataSource, () =>
      platform.as(["ANALYST"], MONTH_PAGE, { p: { year: 2027, month: 2 } }),
    );
    for (const { result } of [small, large])
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const january = small.result.data as {
      calendar: { date: string; items: { owner: { code: string; name: string } }[] }[];
      clashes: { a: { owner: { name: string } }; sharedChannels: string[] }[];
    };
    const february = large.result.data as typeof january;
    assert.equal(january.calendar.flatMap((d) => d.items).length, 10);
    assert.equal(february.calendar.flatMap((d) => d.items).length, 200);
    const names: Record<string, string> = {
      MIA: "وزارة شؤون الإعلام",
      MOH: "وزارة الصحة",
      MOE: "وزارة التربية والتعليم",
      MOI: "وزارة الداخلية",
      MOL: "وزارة العمل",
    };
    for (const item of [...january.calendar, ...february.calendar].flatMap((d) => d.items)) {
      assert.equal(
        item.owner.name,
        names[item.owner.code],
        "owner names come from the entities subgraph",
      );
    }
    assert.ok(
      january.clashes.length > 0 && february.clashes.length > january.clashes.length,
      "HIGH items sharing TV clash",
    );
    assert.ok(
      february.clashes.every((clash) => clash.sharedChannels.includes("TV") && clash.a.owner.name),
    );
    assert.ok(small.statements > 0, "the entities service was asked for the owners");
    assert.equal(
      large.statements,
      small.statements,
      `entities statements: ${small.statements} for 10 items, ${large.statements} for 200`,
    );
  });

  it("shows a meeting's achievements and next month's items through @requires on its period", async () => {
    const meeting = await platform.as<{ scheduleMeeting: { id: string } }>(
      ["ADMIN"],
      `mutation { scheduleMeeting(input: { title: "اجتماع الشبكة لشهر يناير", scheduledAt: "2027-01-28T07:00:00Z", period: { year: 2027, month: 1 } }) { id } }`,
    );
    const items = await platform.as<{ planItems: { edges: { node: { id: string } }[] } }>(
      ["ADMIN"],
      `{ planItems(filter: { period: { year: 2027, month: 1 } }, first: 2) { edges { node { id } } } }`,
    );
    const [done, cancelled] = items.data!.planItems.edges.map((e) => e.node.id);
    await platform.as(
      ["ADMIN"],
      `mutation($id: ID!) { setPlanItemStatus(id: $id, status: DONE, outcome: "تغطية إعلامية واسعة") { id } }`,
      { id: done },
    );
    await platform.as(
      ["ADMIN"],
      `mutation($id: ID!) { setPlanItemStatus(id: $id, status: CANCELLED) { id } }`,
      { id: cancelled },
    );
    const review = await platform.as<{
      networkMeeting: {
        period: { label: string };
        achievements: { id: string; outcome: string; owner: { code: string } }[];
        upcomingItems: { id: string }[];
      };
    }>(
      ["ANALYST"],
      `query($id: ID!) { networkMeeting(id: $id) { period { label(locale: EN) } achievements { id outcome owner { code } } upcomingItems { id } } }`,
      { id: meeting.data!.scheduleMeeting.id },
    );
    assert.equal(review.errors, undefined, JSON.stringify(review.errors));
    const { networkMeeting } = review.data!;
    assert.equal(networkMeeting.period.label, "January 2027");
    assert.deepEqual(
      networkMeeting.achievements.map((a) => [a.id, a.outcome]),
      [[done, "تغطية إعلامية واسعة"]],
    );
    assert.equal(
      networkMeeting.upcomingItems.length,
      200,
      "February's items are next month's plan",
    );
  });

  it("lets a liaison plan for their own entity through the gateway, and refuses another entity's", async () => {
    const [mia, moh] = owners;
    const input = (ownerId: string) => ({
      ownerId,
      kind: "ANNOUNCEMENT",
      titleAr: "إعلان من المنسق",
      startsAt: "2027-03-03T07:00:00Z",
      endsAt: "2027-03-03T08:00:00Z",
      channels: ["X"],
    });
    const own = await platform.as(["LIAISON"], SCHEDULE, { input: input(mia!.id) }, mia!.id);
    assert.equal(own.errors, undefined, JSON.stringify(own.errors));
    const other = await platform.as(["LIAISON"], SCHEDULE, { input: input(moh!.id) }, mia!.id);
    assert.equal(other.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const listed = await platform.as<{ entityByCode: { planItems: { titleAr: string }[] } }>(
      ["ANALYST"],
      `{ entityByCode(code: "MOH") { planItems(period: { year: 2027, month: 3 }) { titleAr } } }`,
    );
    assert.deepEqual(listed.data!.entityByCode.planItems, [], "nothing was written for MOH");
  });
});

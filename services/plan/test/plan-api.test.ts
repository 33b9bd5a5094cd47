import {
  anEntity,
  assertRefusedInput,
  TEST_ANALYST as ANALYST,
  testLiaisonOf as liaisonOf,
} from "@gcn/shared/testing";
import { ENTITIES_EVENTS } from "@gcn/shared";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { itemInput, SCHEDULE, startPlanForTest, type TestPlanService } from "./plan-test-service";

type Item = {
  id: string;
  status: string;
  plan: { id: string; status: string; period: { year: number; month: number } };
};

describe("plan subgraph on real PostgreSQL", () => {
  let api: TestPlanService;
  let mia: string;
  let moh: string;

  const itemRows = () => api.count(`SELECT count(*) AS n FROM plan_item`);
  const outboxRows = () => api.count(`SELECT count(*) AS n FROM outbox`);
  const schedule = (
    input: Record<string, unknown>,
    identity = undefined as Parameters<TestPlanService["gql"]>[2],
  ) => api.gql<{ schedulePlanItem: Item }>(SCHEDULE, { input }, identity);

  before(async () => {
    api = await startPlanForTest();
    mia = await api.knownEntity("MIA");
    moh = await api.knownEntity("MOH");
  });
  after(async () => {
    await api.stop();
  });

  it("schedules an item into its month's plan, creating the DRAFT plan, with one event each", async () => {
    const result = await schedule(itemInput(mia));
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const item = result.data!.schedulePlanItem;
    assert.equal(item.status, "PLANNED");
    assert.deepEqual(item.plan.period, { year: 2026, month: 11 });
    assert.equal(item.plan.status, "DRAFT");
    const events = (await api.service.dataSource.query(`SELECT type FROM outbox ORDER BY seq`)) as {
      type: string;
    }[];
    assert.deepEqual(
      events.map((e) => e.type),
      ["gcn.plan.PlanCreated.v1", "gcn.plan.PlanItemScheduled.v1"],
    );
    const second = await schedule(
      itemInput(moh, { startsAt: "2026-11-20T07:00:00Z", endsAt: "2026-11-20T08:00:00Z" }),
    );
    assert.equal(
      second.data!.schedulePlanItem.plan.id,
      item.plan.id,
      "the same month reuses its plan",
    );
    assert.equal(
      await api.count(`SELECT count(*) AS n FROM outbox WHERE type = 'gcn.plan.PlanCreated.v1'`),
      1,
    );
  });

  it("counts months in Bahrain time: 22:00 UTC on 30 November is in December's plan", async () => {
    const result = await schedule(
      itemInput(mia, { startsAt: "2026-11-30T22:00:00Z", endsAt: "2026-11-30T23:00:00Z" }),
    );
    assert.deepEqual(result.data!.schedulePlanItem.plan.period, { year: 2026, month: 12 });
  });

  for (const [problem, overrides, field] of [
    ["endsAt before startsAt", { endsAt: "2026-11-12T06:00:00Z" }, "input.endsAt"],
    ["a 2-character title", { titleAr: "مؤ" }, "input.titleAr"],
    ["an unknown enum", { kind: "PARTY" }, "input.kind"],
    ["an unknown channel", { channels: ["PRESS", "BILLBOARD"] }, "input.channels"],
    ["no channel", { channels: [] }, "input.channels"],
    [
      "11 key messages",
      { keyMessages: Array.from({ length: 11 }, (_, i) => `رسالة ${i}`) },
      "input.keyMessages",
    ],
    ["a date that is not a date", { startsAt: "next tuesday" }, "input.startsAt"],
    ["an owner id that is not an ID", { ownerId: "MIA" }, "input.ownerId"],
  ] as const) {
    it(`answers BAD_USER_INPUT naming ${field} for ${problem}, writing nothing`, async () => {
      const [items, events] = [await itemRows(), await outboxRows()];
      const result = await schedule({ ...itemInput(mia), ...overrides });
      assertRefusedInput(result, field);
      assert.equal(await itemRows(), items);
      assert.equal(await outboxRows(), events);
    });
  }

  it("refuses an owner the entities events never mentioned (BAD_USER_INPUT on ownerId)", async () => {
    const result = await schedule(itemInput("6e70d9e9-01db-42cf-95dd-8ff4e2b590b2"));
    assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(result.errors?.[0]?.extensions?.field, "input.ownerId");
  });

  it("lets a liaison schedule for their own entity only; anything else is FORBIDDEN and writes nothing", async () => {
    const own = await schedule(
      itemInput(mia, { startsAt: "2026-11-14T07:00:00Z", endsAt: "2026-11-14T08:00:00Z" }),
      liaisonOf(mia),
    );
    assert.equal(own.errors, undefined, JSON.stringify(own.errors));
    const [items, events] = [await itemRows(), await outboxRows()];
    const other = await schedule(itemInput(moh), liaisonOf(mia));
    assert.equal(other.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const analyst = await schedule(itemInput(mia), ANALYST);
    assert.equal(analyst.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const mohItem = (
      await api.gql<{ planItems: { edges: { node: { id: string } }[] } }>(
        `query($o: ID) { planItems(filter: { ownerId: $o }) { edges { node { id } } } }`,
        { o: moh },
      )
    ).data!.planItems.edges[0]!.node.id;
    const update = await api.gql(
      `mutation($id: ID!) { updatePlanItem(id: $id, input: { titleAr: "عنوان معدل" }) { id } }`,
      { id: mohItem },
      liaisonOf(mia),
    );
    assert.equal(update.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const status = await api.gql(
      `mutation($id: ID!) { setPlanItemStatus(id: $id, status: CANCELLED) { id } }`,
      { id: mohItem },
      liaisonOf(mia),
    );
    assert.equal(status.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const plan = await api.gql(
      `mutation { createPlan(period: { year: 2027, month: 1 }) { id } }`,
      {},
      liaisonOf(mia),
    );
    assert.equal(plan.errors?.[0]?.extensions?.code, "FORBIDDEN");
    assert.equal(await itemRows(), items);
    assert.equal(await outboxRows(), events);
  });

  it("creates one plan per period and publishes it once", async () => {
    const create = `mutation($p: PeriodInput!) { createPlan(period: $p) { id status period { year month } } }`;
    const annual = await api.gql<{ createPlan: { id: string; period: { month: number | null } } }>(
      create,
      { p: { year: 2027 } },
    );
    assert.equal(annual.data!.createPlan.period.month, null);
    const again = await api.gql(create, { p: { year: 2027 } });
    assert.equal(again.errors?.[0]?.extensions?.code, "CONFLICT");
    const november = await api.gql(create, { p: { year: 2026, month: 11 } });
    assert.equal(
      november.errors?.[0]?.extensions?.code,
      "CONFLICT",
      "the month plan was created with its first item",
    );
    const badMonth = await api.gql(create, { p: { year: 2027, month: 13 } });
    assert.equal(badMonth.errors?.[0]?.extensions?.field, "period.month");
    const publish = `mutation($id: ID!) { publishPlan(id: $id) { status publishedAt } }`;
    const published = await api.gql<{ publishPlan: { status: string; publishedAt: string } }>(
      publish,
      { id: annual.data!.createPlan.id },
    );
    assert.equal(published.data!.publishPlan.status, "PUBLISHED");
    assert.ok(published.data!.publishPlan.publishedAt);
    const twice = await api.gql(publish, { id: annual.data!.createPlan.id });
    assert.equal(twice.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.match(twice.errors![0]!.message, /PUBLISHED/);
  });

  it("records the outcome when an item is DONE and keeps DONE final", async () => {
    const created = await schedule(
      itemInput(mia, { startsAt: "2026-11-05T07:00:00Z", endsAt: "2026-11-05T08:00:00Z" }),
    );
    const id = created.data!.schedulePlanItem.id;
    const set = `mutation($id: ID!, $s: PlanItemStatus!, $o: String) { setPlanItemStatus(id: $id, status: $s, outcome: $o) { status outcome } }`;
    const early = await api.gql(set, { id, s: "CONFIRMED", o: "ملاحظة مبكرة" });
    assert.equal(early.errors?.[0]?.extensions?.field, "outcome");
    const done = await api.gql<{ setPlanItemStatus: { status: string; outcome: string } }>(set, {
      id,
      s: "DONE",
      o: "حضور 40 صحفياً",
    });
    assert.deepEqual(done.data!.setPlanItemStatus, { status: "DONE", outcome: "حضور 40 صحفياً" });
    const back = await api.gql(set, { id, s: "PLANNED" });
    assert.equal(back.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.equal(back.errors?.[0]?.extensions?.currentState, "DONE");
    const edit = await api.gql(
      `mutation($id: ID!) { updatePlanItem(id: $id, input: { titleAr: "تعديل متأخر" }) { id } }`,
      { id },
    );
    assert.equal(edit.errors?.[0]?.extensions?.code, "CONFLICT");
    const event = (await api.service.dataSource.query(
      `SELECT payload FROM outbox WHERE aggregateid = $1 AND type = 'gcn.plan.PlanItemStatusChanged.v1'`,
      [id],
    )) as { payload: { data: { status: string; previousStatus: string; outcome: string } } }[];
    assert.deepEqual(
      {
        status: event[0]!.payload.data.status,
        previousStatus: event[0]!.payload.data.previousStatus,
      },
      { status: "DONE", previousStatus: "PLANNED" },
    );
  });

  it("moves an item to another month's plan when its start moves", async () => {
    const created = await schedule(
      itemInput(moh, { startsAt: "2026-11-25T07:00:00Z", endsAt: "2026-11-25T08:00:00Z" }),
    );
    const moved = await api.gql<{ updatePlanItem: { plan: { period: { month: number } } } }>(
      `mutation($id: ID!) { updatePlanItem(id: $id, input: { startsAt: "2027-02-03T07:00:00Z", endsAt: "2027-02-03T08:00:00Z" }) { plan { period { month } } } }`,
      { id: created.data!.schedulePlanItem.id },
    );
    assert.equal(moved.data!.updatePlanItem.plan.period.month, 2);
    const backwards = await api.gql(
      `mutation($id: ID!) { updatePlanItem(id: $id, input: { endsAt: "2027-02-01T07:00:00Z" }) { id } }`,
      { id: created.data!.schedulePlanItem.id },
    );
    assert.equal(backwards.errors?.[0]?.extensions?.field, "input.endsAt");
  });

  it("follows entity events: a deactivated entity gets no new items; an older event arriving late changes nothing", async () => {
    const id = await api.knownEntity("OLDCO");
    await api.deliver(
      ENTITIES_EVENTS.events.EntityDeactivated,
      anEntity({ id, code: "OLDCO", active: false }),
      3,
    );
    await api.deliver(
      ENTITIES_EVENTS.events.EntityUpdated,
      anEntity({ id, code: "OLDCO", active: true }),
      2,
    );
    const refused = await schedule(itemInput(id));
    assert.equal(refused.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(refused.errors?.[0]?.extensions?.field, "input.ownerId");
    assert.match(refused.errors![0]!.message, /inactive/);
  });

  it("answers a month's calendar by day in Bahrain time, listing a multi-day item on each of its days", async () => {
    const owner = await api.knownEntity("CAL");
    await schedule(
      itemInput(owner, {
        titleAr: "معرض ثلاثة أيام",
        startsAt: "2027-03-09T21:00:00Z",
        endsAt: "2027-03-12T20:00:00Z",
        priority: "NORMAL",
      }),
    );
    await schedule(
      itemInput(owner, {
        titleAr: "إعلان صباحي",
        startsAt: "2027-03-15T05:00:00Z",
        endsAt: "2027-03-15T06:00:00Z",
        priority: "LOW",
      }),
    );
    const result = await api.gql<{ calendar: { date: string; items: { titleAr: string }[] }[] }>(
      `query($o: ID) { calendar(period: { year: 2027, month: 3 }, ownerId: $o) { date items { titleAr } } }`,
      { o: owner },
    );
    assert.deepEqual(
      result.data!.calendar.map((day) => [day.date, day.items.map((i) => i.titleAr)]),
      [
        ["2027-03-10", ["معرض ثلاثة أيام"]],
        ["2027-03-11", ["معرض ثلاثة أيام"]],
        ["2027-03-12", ["معرض ثلاثة أيام"]],
        ["2027-03-15", ["إعلان صباحي"]],
      ],
    );
  });

  it("answers the month's clashes, including one with an item starting the month before", async () => {
    const a = await api.knownEntity("CLASHA");
    const b = await api.knownEntity("CLASHB");
    const first = await schedule(
      itemInput(a, {
        titleAr: "حدث يبدأ في الشهر السابق",
        startsAt: "2027-04-30T19:00:00Z",
        endsAt: "2027-04-30T23:00:00Z",
        channels: ["TV"],
      }),
    );
    const second = await schedule(
      itemInput(b, {
        titleAr: "حدث أول الشهر",
        startsAt: "2027-04-30T21:30:00Z",
        endsAt: "2027-04-30T22:30:00Z",
        channels: ["TV", "X"],
      }),
    );
    await schedule(
      itemInput(b, {
        titleAr: "حدث عادي الأولوية",
        startsAt: "2027-04-30T21:30:00Z",
        endsAt: "2027-04-30T22:30:00Z",
        priority: "NORMAL",
      }),
    );
    const result = await api.gql<{
      clashes: {
        a: { id: string };
        b: { id: string };
        sharedChannels: string[];
        overlapStartsAt: string;
        overlapEndsAt: string;
      }[];
    }>(
      `{ clashes(period: { year: 2027, month: 5 }) { a { id } b { id } sharedChannels overlapStartsAt overlapEndsAt } }`,
    );
    assert.deepEqual(result.data!.clashes, [
      {
        a: { id: first.data!.schedulePlanItem.id },
        b: { id: second.data!.schedulePlanItem.id },
        sharedChannels: ["TV"],
        overlapStartsAt: "2027-04-30T21:30:00.000Z",
        overlapEndsAt: "2027-04-30T22:30:00.000Z",
      },
    ]);
  });

  it("filters items by tag, status and owner, and pages them", async () => {
    const owner = await api.knownEntity("TAGS");
    for (const [i, tag] of ["BAHRAINA", "TOURISM", "BAHRAINA"].entries()) {
      await schedule(
        itemInput(owner, {
          titleAr: `بند رقم ${i}`,
          nationalPlanTags: [tag],
          startsAt: `2027-06-0${i + 1}T07:00:00Z`,
          endsAt: `2027-06-0${i + 1}T08:00:00Z`,
        }),
      );
    }
    const query = `query($o: ID, $after: String) { planItems(filter: { ownerId: $o, tag: "BAHRAINA" }, first: 1, after: $after) { totalCount edges { node { titleAr } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await api.gql<{
      planItems: {
        totalCount: number;
        edges: { node: { titleAr: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(query, { o: owner });
    assert.equal(page1.data!.planItems.totalCount, 2);
    assert.equal(page1.data!.planItems.edges[0]!.node.titleAr, "بند رقم 0");
    const page2 = await api.gql<typeof page1.data>(query, {
      o: owner,
      after: page1.data!.planItems.pageInfo.endCursor,
    });
    assert.equal(page2.data!.planItems.edges[0]!.node.titleAr, "بند رقم 2");
    assert.equal(page2.data!.planItems.pageInfo.hasNextPage, false);
    const byPlan = await api.gql<{ planFor: { items: { totalCount: number } } }>(
      `query($o: ID) { planFor(period: { year: 2027, month: 6 }) { items(filter: { ownerId: $o }) { totalCount } } }`,
      { o: owner },
    );
    assert.equal(byPlan.data!.planFor.items.totalCount, 3);
  });
});

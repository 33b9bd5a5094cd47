import { type EventData, INITIATIVES_EVENTS } from "@gcn/shared";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startPlanForTest, type TestPlanService } from "./plan-test-service";

type ItemRow = {
  status: string;
  starts_at: Date;
  outcome: string | null;
  channels: string[];
  kind: string;
  source: string;
  owner_id: string;
  title_ar: string;
};

type SessionState = EventData<typeof INITIATIVES_EVENTS.events.SessionScheduled>;

describe("plan items made from initiative sessions", () => {
  let api: TestPlanService;
  before(async () => {
    api = await startPlanForTest();
  });
  after(async () => {
    await api.stop();
  });

  const session = (id: string, hostEntityId: string, overrides: Record<string, unknown> = {}) => ({
    id,
    initiativeId: randomUUID(),
    initiativeCode: "MEET_AN_OFFICIAL",
    initiativeTitleAr: "لقاء مع مسؤول حكومي",
    initiativeTitleEn: "Meet a government official",
    hostEntityId,
    officialName: "حسين محمد رجب",
    officialTitle: null,
    liaisonId: null,
    scheduledAt: "2026-11-10T07:00:00.000Z",
    heldAt: null,
    topics: ["دعم المؤسسات"],
    mediaOutlets: [],
    platforms: ["YOUTUBE", "NEWS", "FACEBOOK"],
    status: "SCHEDULED",
    publicationUrl: null,
    publishedAt: null,
    notes: null,
    cancelReason: null,
    ...overrides,
  });
  const itemOf = async (sessionId: string) =>
    (await api.service.dataSource.query(
      `SELECT * FROM plan_item WHERE initiative_session_id = $1`,
      [sessionId],
    )) as ItemRow[];

  it("turns a scheduled session into a MEDIA_SESSION item of its month, even for a host the plan has not heard of", async () => {
    const id = randomUUID();
    const unknownHost = randomUUID();
    await api.deliver(INITIATIVES_EVENTS.events.SessionScheduled, session(id, unknownHost), 1);
    const [item] = await itemOf(id);
    assert.ok(item, "the item exists");
    assert.equal(item.kind, "MEDIA_SESSION");
    assert.equal(item.source, "INITIATIVE_SESSION");
    assert.equal(item.owner_id, unknownHost);
    assert.equal(item.status, "PLANNED");
    assert.equal(item.title_ar, "لقاء مع مسؤول حكومي: حسين محمد رجب");
    assert.deepEqual(item.channels, ["PRESS", "YOUTUBE"], "NEWS as PRESS, no channel for FACEBOOK");
    assert.equal(new Date(item.starts_at).toISOString(), "2026-11-10T07:00:00.000Z");
  });

  it("moves the item on a reschedule, marks it DONE with the notes when held, and CANCELLED when cancelled", async () => {
    const host = randomUUID();
    const held = randomUUID();
    await api.deliver(INITIATIVES_EVENTS.events.SessionScheduled, session(held, host), 1);
    await api.deliver(
      INITIATIVES_EVENTS.events.SessionRescheduled,
      session(held, host, { scheduledAt: "2026-12-03T07:00:00.000Z" }),
      2,
    );
    let [item] = await itemOf(held);
    assert.equal(new Date(item!.starts_at).toISOString(), "2026-12-03T07:00:00.000Z");
    const month = (await api.service.dataSource.query(
      `SELECT p.period_month FROM plan_item i JOIN communication_plan p ON p.id = i.plan_id WHERE i.initiative_session_id = $1`,
      [held],
    )) as { period_month: number }[];
    assert.equal(month[0]!.period_month, 12, "in December's plan now");
    await api.deliver(
      INITIATIVES_EVENTS.events.SessionHeld,
      session(held, host, {
        scheduledAt: "2026-12-03T07:00:00.000Z",
        heldAt: "2026-12-03T07:30:00.000Z",
        status: "HELD",
        notes: "حضور 14 صحفياً",
      }),
      3,
    );
    [item] = await itemOf(held);
    assert.deepEqual([item!.status, item!.outcome], ["DONE", "حضور 14 صحفياً"]);

    const cancelled = randomUUID();
    await api.deliver(INITIATIVES_EVENTS.events.SessionScheduled, session(cancelled, host), 1);
    await api.deliver(
      INITIATIVES_EVENTS.events.SessionCancelled,
      session(cancelled, host, { status: "CANCELLED", cancelReason: "تعارض" }),
      2,
    );
    assert.equal((await itemOf(cancelled))[0]!.status, "CANCELLED");
  });

  it("changes nothing on a duplicate or on an older event arriving after a newer one", async () => {
    const host = randomUUID();
    const id = randomUUID();
    const heldData = session(id, host, {
      heldAt: "2026-11-11T08:00:00.000Z",
      status: "HELD",
      notes: "تمت الجلسة",
    });
    // Held arrives first (topics and partitions promise no order); the scheduled event is late.
    await api.deliver(INITIATIVES_EVENTS.events.SessionHeld, heldData, 2);
    await api.deliver(INITIATIVES_EVENTS.events.SessionScheduled, session(id, host), 1);
    await api.deliver(INITIATIVES_EVENTS.events.SessionHeld, heldData, 2);
    const items = await itemOf(id);
    assert.equal(items.length, 1);
    assert.deepEqual([items[0]!.status, items[0]!.outcome], ["DONE", "تمت الجلسة"]);
    const events = (await api.service.dataSource.query(
      `SELECT o.type FROM outbox o JOIN plan_item i ON i.id::text = o.aggregateid WHERE i.initiative_session_id = $1`,
      [id],
    )) as { type: string }[];
    assert.deepEqual(
      events.map((e) => e.type),
      ["gcn.plan.PlanItemScheduled.v1"],
      "one event: the late ones were ignored",
    );
  });

  it("dead-letters a session event it cannot use instead of blocking the topic", async () => {
    const before = api.transport!.unconsumed.length;
    await api.deliver(
      INITIATIVES_EVENTS.events.SessionScheduled,
      // Malformed on purpose: a session without its host, title or time.
      { id: randomUUID(), status: "SCHEDULED" } as unknown as SessionState,
      1,
    );
    assert.equal(api.transport!.unconsumed.length, before + 1);
    assert.equal(api.transport!.unconsumed.at(-1)!.topic, "gcn.initiatives.v1.dlq");
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { apiSchemaOf, REPO_ROOT } from "@gcn/gateway";
import type { Role } from "@gcn/shared";
import { waitFor } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

interface Attempt {
  query: string;
  variables: Record<string, unknown>;
}

/** R14: a liaison of entity A tries every write on entity B's records; an analyst tries every write. */
describe("R14: every write refused to those who may not make it", () => {
  let platform: TestPlatform;
  let attempts: Record<string, Attempt>;

  const admin = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await platform.as<T>(["ADMIN"], query, variables);
    assert.equal(result.errors, undefined, `${query}: ${JSON.stringify(result.errors)}`);
    return result.data!;
  };

  /** Rows and events of every service: a refused write must change none of them. */
  const footprint = async () => {
    const count = async (runtime: TestPlatform["entities"], tables: string[]) => {
      const counts: Record<string, number | string> = {};
      for (const table of ["outbox", ...tables]) {
        const [row] = (await runtime.dataSource.query(
          `SELECT count(*)::int AS n FROM ${table}`,
        )) as {
          n: number;
        }[];
        counts[table] = row!.n;
      }
      const [changed] = (await runtime.dataSource.query(
        `SELECT coalesce(max(created_at)::text, '') AS at FROM outbox`,
      )) as { at: string }[];
      counts.lastEvent = changed!.at;
      return counts;
    };
    return {
      entities: await count(platform.entities, ["government_entity", "liaison", "network_meeting"]),
      plan: await count(platform.plan, ["communication_plan", "plan_item"]),
      initiatives: await count(platform.initiatives, ["media_initiative", "initiative_session"]),
      reputation: await count(platform.reputation, [
        "metric_sample",
        "reputation_report",
        "score_weights",
      ]),
    };
  };

  before(async () => {
    platform = await startPlatformForTest();
    const register = async (code: string) =>
      (
        await admin<{ registerEntity: { id: string } }>(
          `mutation($code: String!) { registerEntity(input: { code: $code, nameAr: "جهة اختبار الصلاحيات", kind: AGENCY }) { id } }`,
          { code },
        )
      ).registerEntity.id;
    const entityA = await register("R14_A");
    const entityB = await register("R14_B");
    const { appointLiaison } = await admin<{ appointLiaison: { id: string } }>(
      `mutation($e: ID!) { appointLiaison(input: { entityId: $e, fullNameAr: "منسق الجهة ب", role: PRIMARY }) { id } }`,
      { e: entityB },
    );
    const { scheduleMeeting } = await admin<{ scheduleMeeting: { id: string } }>(
      `mutation { scheduleMeeting(input: { title: "اجتماع الشبكة", scheduledAt: "2026-12-20T07:00:00Z", period: { year: 2026, month: 12 } }) { id } }`,
    );
    const { proposeInitiative } = await admin<{ proposeInitiative: { id: string } }>(
      `mutation($b: ID!) { proposeInitiative(input: { code: "R14_DIALOGUE", titleAr: "لقاء مع مسؤول حكومي", format: PRESS_DIALOGUE, partnerIds: [$b] }) { id } }`,
      { b: entityB },
    );
    await admin(`mutation($id: ID!) { launchInitiative(id: $id) { id } }`, {
      id: proposeInitiative.id,
    });
    const session = await waitFor(
      async () =>
        (
          await platform.as<{ scheduleSession: { id: string } }>(
            ["ADMIN"],
            `mutation($i: ID!, $b: ID!) { scheduleSession(input: { initiativeId: $i, hostEntityId: $b, officialName: "مسؤول الجهة ب", scheduledAt: "2026-12-10T09:00:00Z" }) { id } }`,
            { i: proposeInitiative.id, b: entityB },
          )
        ).data?.scheduleSession.id,
      { timeoutMs: 5000, what: "the initiatives service to know entity B" },
    );
    const item = await waitFor(
      async () =>
        (
          await platform.as<{ schedulePlanItem: { id: string } }>(
            ["ADMIN"],
            `mutation($b: ID!) { schedulePlanItem(input: { ownerId: $b, kind: EVENT, titleAr: "فعالية الجهة ب", startsAt: "2026-12-05T06:00:00Z", endsAt: "2026-12-05T08:00:00Z", channels: [PRESS] }) { id plan { id } } }`,
            { b: entityB },
          )
        ).data?.schedulePlanItem,
      { timeoutMs: 5000, what: "the plan service to know entity B" },
    );
    const plan = (item as unknown as { plan: { id: string } }).plan;
    const { generateReport } = await admin<{ generateReport: { id: string } }>(
      `mutation { generateReport(period: { year: 2026, month: 10 }) { id } }`,
    );
    const itemId = (item as unknown as { id: string }).id;
    attempts = {
      registerEntity: {
        query: `mutation { registerEntity(input: { code: "R14_NEW", nameAr: "جهة جديدة", kind: AGENCY }) { id } }`,
        variables: {},
      },
      updateEntity: {
        query: `mutation($id: ID!) { updateEntity(id: $id, input: { nameAr: "اسم آخر" }) { id } }`,
        variables: { id: entityB },
      },
      deactivateEntity: {
        query: `mutation($id: ID!) { deactivateEntity(id: $id) { id } }`,
        variables: { id: entityB },
      },
      appointLiaison: {
        query: `mutation($e: ID!) { appointLiaison(input: { entityId: $e, fullNameAr: "منسق آخر", role: DEPUTY }) { id } }`,
        variables: { e: entityB },
      },
      updateLiaison: {
        query: `mutation($id: ID!) { updateLiaison(id: $id, input: { jobTitle: "مدير" }) { id } }`,
        variables: { id: appointLiaison.id },
      },
      endLiaisonAppointment: {
        query: `mutation($id: ID!) { endLiaisonAppointment(id: $id) { id } }`,
        variables: { id: appointLiaison.id },
      },
      scheduleMeeting: {
        query: `mutation { scheduleMeeting(input: { title: "اجتماع آخر", scheduledAt: "2027-01-20T07:00:00Z", period: { year: 2027, month: 1 } }) { id } }`,
        variables: {},
      },
      addAgendaItem: {
        query: `mutation($m: ID!) { addAgendaItem(meetingId: $m, input: { title: "بند" }) { id } }`,
        variables: { m: scheduleMeeting.id },
      },
      recordMeetingOutcome: {
        query: `mutation($m: ID!) { recordMeetingOutcome(meetingId: $m, decisions: ["قرار"], attendeeIds: []) { id } }`,
        variables: { m: scheduleMeeting.id },
      },
      cancelMeeting: {
        query: `mutation($m: ID!) { cancelMeeting(meetingId: $m) { id } }`,
        variables: { m: scheduleMeeting.id },
      },
      proposeInitiative: {
        query: `mutation($b: ID!) { proposeInitiative(input: { code: "R14_OTHER", titleAr: "مبادرة", format: OTHER, partnerIds: [$b] }) { id } }`,
        variables: { b: entityB },
      },
      launchInitiative: {
        query: `mutation($id: ID!) { launchInitiative(id: $id) { id } }`,
        variables: { id: proposeInitiative.id },
      },
      pauseInitiative: {
        query: `mutation($id: ID!) { pauseInitiative(id: $id) { id } }`,
        variables: { id: proposeInitiative.id },
      },
      concludeInitiative: {
        query: `mutation($id: ID!) { concludeInitiative(id: $id) { id } }`,
        variables: { id: proposeInitiative.id },
      },
      scheduleSession: {
        query: `mutation($i: ID!, $b: ID!) { scheduleSession(input: { initiativeId: $i, hostEntityId: $b, officialName: "مسؤول", scheduledAt: "2026-12-11T09:00:00Z" }) { id } }`,
        variables: { i: proposeInitiative.id, b: entityB },
      },
      rescheduleSession: {
        query: `mutation($id: ID!) { rescheduleSession(id: $id, scheduledAt: "2026-12-12T09:00:00Z") { id } }`,
        variables: { id: session },
      },
      markSessionHeld: {
        query: `mutation($id: ID!) { markSessionHeld(id: $id) { id } }`,
        variables: { id: session },
      },
      publishSession: {
        query: `mutation($id: ID!) { publishSession(id: $id, url: "https://example.org/s", platforms: [X]) { id } }`,
        variables: { id: session },
      },
      cancelSession: {
        query: `mutation($id: ID!) { cancelSession(id: $id, reason: "سبب") { id } }`,
        variables: { id: session },
      },
      createPlan: {
        query: `mutation { createPlan(period: { year: 2027, month: 2 }) { id } }`,
        variables: {},
      },
      publishPlan: {
        query: `mutation($id: ID!) { publishPlan(id: $id) { id } }`,
        variables: { id: plan.id },
      },
      schedulePlanItem: {
        query: `mutation($b: ID!) { schedulePlanItem(input: { ownerId: $b, kind: EVENT, titleAr: "فعالية", startsAt: "2026-12-06T06:00:00Z", endsAt: "2026-12-06T08:00:00Z", channels: [TV] }) { id } }`,
        variables: { b: entityB },
      },
      updatePlanItem: {
        query: `mutation($id: ID!) { updatePlanItem(id: $id, input: { titleAr: "عنوان آخر" }) { id } }`,
        variables: { id: itemId },
      },
      setPlanItemStatus: {
        query: `mutation($id: ID!) { setPlanItemStatus(id: $id, status: CONFIRMED) { id } }`,
        variables: { id: itemId },
      },
      recordMetrics: {
        query: `mutation($b: ID!) { recordMetrics(samples: [{ entityId: $b, platform: X, date: "2026-10-01", followers: 5 }]) { accepted } }`,
        variables: { b: entityB },
      },
      generateReport: {
        query: `mutation { generateReport(period: { year: 2026, month: 9 }) { id } }`,
        variables: {},
      },
      publishReport: {
        query: `mutation($id: ID!) { publishReport(id: $id) { id } }`,
        variables: { id: generateReport.id },
      },
      setScoreWeights: {
        query: `mutation { setScoreWeights(input: { reach: 1, engagement: 1, sentiment: 1, shareOfVoice: 1, responsiveness: 1, growth: 1 }) { reach } }`,
        variables: {},
      },
    };
    // Let the fixture's own events settle before the footprints are taken.
    await new Promise((resolve) => setTimeout(resolve, 300));
    liaisonOfA = entityA;
  });
  let liaisonOfA = "";
  after(async () => {
    await platform.stop();
  });

  it("covers every mutation of the supergraph", () => {
    const schema = apiSchemaOf(
      readFileSync(path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql"), "utf8"),
    );
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    assert.deepEqual(Object.keys(attempts).sort(), mutations, "add the new mutation to this drill");
  });

  for (const [who, roles] of [
    ["a liaison of entity A", ["LIAISON"]],
    ["an analyst", ["ANALYST"]],
  ] as [string, Role[]][]) {
    it(`answers FORBIDDEN to ${who} for every write, and writes nothing`, async () => {
      const before = await footprint();
      const allowed: string[] = [];
      for (const [name, attempt] of Object.entries(attempts)) {
        const result = await platform.as(
          roles,
          attempt.query,
          attempt.variables,
          roles.includes("LIAISON") ? liaisonOfA : undefined,
        );
        if (result.errors?.[0]?.extensions?.code !== "FORBIDDEN" || result.data) {
          allowed.push(`${name}: ${JSON.stringify(result.errors ?? result.data)}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      console.log(
        `# ${who}: ${Object.keys(attempts).length} writes tried, ${allowed.length} not refused`,
      );
      assert.deepEqual(allowed, [], "every write must be FORBIDDEN");
      assert.deepEqual(await footprint(), before, "nothing written, no event");
    });
  }
});

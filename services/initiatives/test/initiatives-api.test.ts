import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  assertRefusedInput,
  TEST_ANALYST as ANALYST,
  testLiaisonOf as liaisonOf,
} from "@gcn/shared/testing";
import { startInitiativesForTest, type TestInitiativesService } from "./initiatives-test-service";

const PROPOSE = `mutation($input: ProposeInitiativeInput!) { proposeInitiative(input: $input) { id code status title partners { id } } }`;
const LAUNCH = `mutation($id: ID!) { launchInitiative(id: $id) { status launchedOn } }`;
const SCHEDULE = `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { id status hostEntity { id } liaison { id } initiative { code } } }`;

describe("initiatives subgraph on real PostgreSQL", () => {
  let api: TestInitiativesService;
  let ncc: string;
  let tamkeen: string;
  let moh: string;
  let tamkeenLiaison: string;
  let dialogue: string;

  const rows = async () => [
    await api.count(`SELECT count(*) AS n FROM initiative_session`),
    await api.count(`SELECT count(*) AS n FROM outbox`),
  ];
  const sessionInput = (overrides: Record<string, unknown> = {}) => ({
    initiativeId: dialogue,
    hostEntityId: tamkeen,
    officialName: "حسين محمد رجب",
    officialTitle: "الرئيس التنفيذي",
    liaisonId: tamkeenLiaison,
    scheduledAt: "2026-11-10T07:00:00Z",
    topics: ["دعم المؤسسات"],
    mediaOutlets: ["الأيام"],
    platforms: ["NEWS", "X"],
    ...overrides,
  });

  before(async () => {
    api = await startInitiativesForTest();
    ncc = await api.knownEntity("NCC");
    tamkeen = await api.knownEntity("TAMKEEN");
    moh = await api.knownEntity("MOH");
    tamkeenLiaison = await api.knownLiaison(tamkeen);
  });
  after(async () => {
    await api.stop();
  });

  it("proposes an initiative with known partners; a duplicate code is a CONFLICT and an unknown partner BAD_USER_INPUT", async () => {
    const proposed = await api.gql<{
      proposeInitiative: { id: string; status: string; title: string; partners: { id: string }[] };
    }>(PROPOSE, {
      input: {
        code: "MEET_AN_OFFICIAL",
        titleAr: "لقاء مع مسؤول حكومي",
        titleEn: "Meet a government official",
        format: "PRESS_DIALOGUE",
        partnerIds: [ncc, tamkeen],
      },
    });
    assert.equal(proposed.errors, undefined, JSON.stringify(proposed.errors));
    dialogue = proposed.data!.proposeInitiative.id;
    assert.equal(proposed.data!.proposeInitiative.status, "PROPOSED");
    assert.deepEqual(
      proposed.data!.proposeInitiative.partners.map((p) => p.id),
      [ncc, tamkeen],
    );
    const before = await rows();
    const duplicate = await api.gql(PROPOSE, {
      input: { code: "MEET_AN_OFFICIAL", titleAr: "نسخة ثانية", format: "OTHER", partnerIds: [] },
    });
    assert.equal(duplicate.errors?.[0]?.extensions?.code, "CONFLICT");
    const unknown = await api.gql(PROPOSE, {
      input: {
        code: "OTHER_ONE",
        titleAr: "مبادرة أخرى",
        format: "OTHER",
        partnerIds: ["6e70d9e9-01db-42cf-95dd-8ff4e2b590b2"],
      },
    });
    assert.equal(unknown.errors?.[0]?.extensions?.field, "input.partnerIds");
    assert.deepEqual(await rows(), before);
  });

  it("schedules sessions only once the initiative is ACTIVE", async () => {
    const early = await api.gql(SCHEDULE, { input: sessionInput() });
    assert.equal(early.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.match(early.errors![0]!.message, /PROPOSED/);
    const launched = await api.gql<{ launchInitiative: { status: string; launchedOn: string } }>(
      LAUNCH,
      { id: dialogue },
    );
    assert.equal(launched.data!.launchInitiative.status, "ACTIVE");
    assert.match(launched.data!.launchInitiative.launchedOn, /^\d{4}-\d{2}-\d{2}$/);
    const again = await api.gql(LAUNCH, { id: dialogue });
    assert.equal(again.errors?.[0]?.extensions?.currentState, "ACTIVE");
  });

  it("checks the host and the coordinating liaison", async () => {
    const before = await rows();
    const inactive = await api.knownEntity("GONE", false);
    for (const [overrides, field] of [
      [{ hostEntityId: "6e70d9e9-01db-42cf-95dd-8ff4e2b590b2" }, "input.hostEntityId"],
      [{ hostEntityId: inactive, liaisonId: null }, "input.hostEntityId"],
      [{ hostEntityId: moh }, "input.liaisonId"],
      [{ officialName: "ح" }, "input.officialName"],
      [{ platforms: ["FAX"] }, "input.platforms"],
    ] as const) {
      const result = await api.gql(SCHEDULE, { input: sessionInput(overrides) });
      assertRefusedInput(result, field);
    }
    assert.deepEqual(await rows(), before);
  });

  it("lets a liaison manage sessions hosted by their own entity only", async () => {
    const own = await api.gql(SCHEDULE, { input: sessionInput() }, liaisonOf(tamkeen));
    assert.equal(own.errors, undefined, JSON.stringify(own.errors));
    const before = await rows();
    const other = await api.gql(
      SCHEDULE,
      { input: sessionInput({ hostEntityId: moh, liaisonId: null }) },
      liaisonOf(tamkeen),
    );
    assert.equal(other.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const analyst = await api.gql(SCHEDULE, { input: sessionInput() }, ANALYST);
    assert.equal(analyst.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const propose = await api.gql(
      PROPOSE,
      { input: { code: "SNEAKY", titleAr: "مبادرة جانبية", format: "OTHER", partnerIds: [] } },
      liaisonOf(tamkeen),
    );
    assert.equal(propose.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const mohSession = await api.gql<{ scheduleSession: { id: string } }>(SCHEDULE, {
      input: sessionInput({ hostEntityId: moh, liaisonId: null }),
    });
    const hold = await api.gql(
      `mutation($id: ID!) { markSessionHeld(id: $id) { id } }`,
      { id: mohSession.data!.scheduleSession.id },
      liaisonOf(tamkeen),
    );
    assert.equal(hold.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const [sessions, events] = await rows();
    assert.deepEqual(
      [sessions, events],
      [before[0]! + 1, before[1]! + 1],
      "only the admin's session was written",
    );
  });

  it("runs a session along its arrows and answers CONFLICT naming the state outside them", async () => {
    const created = await api.gql<{ scheduleSession: { id: string } }>(SCHEDULE, {
      input: sessionInput({ scheduledAt: "2026-11-12T07:00:00Z" }),
    });
    const id = created.data!.scheduleSession.id;
    const publishEarly = await api.gql(
      `mutation($id: ID!) { publishSession(id: $id, url: "https://ncc.gov.bh/v/1", platforms: [X]) { id } }`,
      { id },
    );
    assert.equal(publishEarly.errors?.[0]?.extensions?.currentState, "SCHEDULED");
    const moved = await api.gql<{ rescheduleSession: { scheduledAt: string } }>(
      `mutation($id: ID!) { rescheduleSession(id: $id, scheduledAt: "2026-11-13T08:00:00Z") { scheduledAt } }`,
      { id },
    );
    assert.equal(moved.data!.rescheduleSession.scheduledAt, "2026-11-13T08:00:00.000Z");
    const future = await api.gql(
      `mutation($id: ID!) { markSessionHeld(id: $id, heldAt: "2099-01-01T00:00:00Z") { id } }`,
      { id },
    );
    assert.equal(future.errors?.[0]?.extensions?.field, "heldAt");
    const held = await api.gql<{
      markSessionHeld: { status: string; heldAt: string; notes: string };
    }>(
      `mutation($id: ID!) { markSessionHeld(id: $id, heldAt: "2026-11-13T08:00:00Z", notes: "حضور 14 صحفياً") { status heldAt notes } }`,
      { id },
    );
    assert.deepEqual(held.data!.markSessionHeld, {
      status: "HELD",
      heldAt: "2026-11-13T08:00:00.000Z",
      notes: "حضور 14 صحفياً",
    });
    for (const mutation of [
      `mutation($id: ID!) { rescheduleSession(id: $id, scheduledAt: "2026-11-20T08:00:00Z") { id } }`,
      `mutation($id: ID!) { cancelSession(id: $id, reason: "لا داعي") { id } }`,
    ]) {
      const refused = await api.gql(mutation, { id });
      assert.equal(refused.errors?.[0]?.extensions?.code, "CONFLICT");
      assert.equal(refused.errors?.[0]?.extensions?.currentState, "HELD");
    }
    const badUrl = await api.gql(
      `mutation($id: ID!) { publishSession(id: $id, url: "javascript:alert(1)", platforms: [X]) { id } }`,
      { id },
    );
    assert.equal(badUrl.errors?.[0]?.extensions?.field, "url");
    const published = await api.gql<{
      publishSession: { status: string; publicationUrl: string; platforms: string[] };
    }>(
      `mutation($id: ID!) { publishSession(id: $id, url: "https://ncc.gov.bh/v/1", platforms: [YOUTUBE]) { status publicationUrl platforms } }`,
      { id },
    );
    assert.deepEqual(published.data!.publishSession, {
      status: "PUBLISHED",
      publicationUrl: "https://ncc.gov.bh/v/1",
      platforms: ["NEWS", "X", "YOUTUBE"],
    });
    const events = (await api.service.dataSource.query(
      `SELECT type, sequence FROM outbox WHERE aggregateid = $1 ORDER BY sequence`,
      [id],
    )) as {
      type: string;
      sequence: string;
    }[];
    assert.deepEqual(
      events.map((e) => [e.type.replace("gcn.initiatives.", ""), Number(e.sequence)]),
      [
        ["SessionScheduled.v1", 1],
        ["SessionRescheduled.v1", 2],
        ["SessionHeld.v1", 3],
        ["SessionPublished.v1", 4],
      ],
    );
  });

  it("counts an initiative's stats and lists sessions by host, status and period", async () => {
    const result = await api.gql<{
      initiativeByCode: {
        stats: {
          sessionsScheduled: number;
          sessionsHeld: number;
          sessionsPublished: number;
          entitiesReached: number;
          lastHeldAt: string;
        };
      };
      sessions: { totalCount: number };
    }>(
      `query($host: ID) { initiativeByCode(code: "MEET_AN_OFFICIAL") { stats { sessionsScheduled sessionsHeld sessionsPublished entitiesReached lastHeldAt } }
         sessions(filter: { hostEntityId: $host, period: { year: 2026, month: 11 } }) { totalCount } }`,
      { host: tamkeen },
    );
    assert.deepEqual(result.data!.initiativeByCode.stats, {
      sessionsScheduled: 3,
      sessionsHeld: 1,
      sessionsPublished: 1,
      entitiesReached: 1,
      lastHeldAt: "2026-11-13T08:00:00.000Z",
    });
    assert.equal(result.data!.sessions.totalCount, 2);
  });

  it("pauses and concludes: a paused initiative takes no sessions, a concluded one never comes back", async () => {
    await api.gql(`mutation($id: ID!) { pauseInitiative(id: $id) { status } }`, { id: dialogue });
    const paused = await api.gql(SCHEDULE, { input: sessionInput() });
    assert.equal(paused.errors?.[0]?.extensions?.currentState, "PAUSED");
    const concluded = await api.gql<{ concludeInitiative: { status: string } }>(
      `mutation($id: ID!) { concludeInitiative(id: $id) { status } }`,
      { id: dialogue },
    );
    assert.equal(concluded.data!.concludeInitiative.status, "CONCLUDED");
    const relaunch = await api.gql(LAUNCH, { id: dialogue });
    assert.equal(relaunch.errors?.[0]?.extensions?.currentState, "CONCLUDED");
  });
});

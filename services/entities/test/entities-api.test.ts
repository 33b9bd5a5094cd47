import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Identity } from "@gcn/shared";
import { TEST_ADMIN as ADMIN, TEST_ANALYST as ANALYST } from "@gcn/shared/testing";
import {
  APPOINT,
  REGISTER,
  startEntitiesForTest,
  type TestEntitiesService,
} from "./entities-test-service";

type Entity = { id: string; code: string; nameAr: string; name: string; active: boolean };
type LiaisonResult = {
  id: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  appointedOn: string;
};

describe("entities subgraph on real PostgreSQL", () => {
  let api: TestEntitiesService;
  let mia: Entity;
  let liaisonId: string;

  const outboxRows = (type?: string) =>
    api.count(
      `SELECT count(*) AS n FROM outbox ${type ? "WHERE type = $1" : ""}`,
      type ? [type] : [],
    );
  const entityRows = () => api.count(`SELECT count(*) AS n FROM government_entity`);

  before(async () => {
    api = await startEntitiesForTest();
    const result = await api.gql<{ registerEntity: Entity }>(REGISTER, {
      input: {
        code: "MIA",
        nameAr: "وزارة شؤون الإعلام",
        nameEn: "Ministry of Information Affairs",
        kind: "MINISTRY",
        website: "https://www.mia.gov.bh",
        socialAccounts: [
          { platform: "X", handle: "@mia_bahrain", url: "https://x.com/mia_bahrain" },
        ],
      },
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    mia = result.data!.registerEntity;
  });
  after(async () => {
    await api.stop();
  });

  it("registers an entity and records exactly one EntityRegistered event for it", async () => {
    assert.equal(mia.code, "MIA");
    assert.equal(mia.active, true);
    assert.equal(mia.name, "وزارة شؤون الإعلام", "name resolves to Arabic by default");
    const events = (await api.service.dataSource.query(
      `SELECT type, aggregateid, sequence, payload FROM outbox WHERE aggregateid = $1`,
      [mia.id],
    )) as { type: string; sequence: string; payload: { data: { code: string }; actor: string } }[];
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, "gcn.entities.EntityRegistered.v1");
    assert.equal(Number(events[0]!.sequence), 1);
    assert.equal(events[0]!.payload.data.code, "MIA");
    assert.equal(events[0]!.payload.actor, ADMIN.sub);
  });

  it("answers CONFLICT for a duplicate code and writes no row and no event", async () => {
    const [rows, events] = [await entityRows(), await outboxRows()];
    const result = await api.gql(REGISTER, {
      input: { code: "MIA", nameAr: "نسخة", kind: "MINISTRY" },
    });
    assert.equal(result.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.equal(await entityRows(), rows);
    assert.equal(await outboxRows(), events);
  });

  for (const [field, input, expected] of [
    ["a one-letter Arabic name", { code: "ONE", nameAr: "و", kind: "MINISTRY" }, "input.nameAr"],
    ["a lower-case code", { code: "moh", nameAr: "وزارة الصحة", kind: "MINISTRY" }, "input.code"],
    [
      "a website that is not http(s)",
      { code: "WEB", nameAr: "وزارة", kind: "MINISTRY", website: "ftp://x.bh" },
      "input.website",
    ],
    [
      "an unknown parent",
      {
        code: "ORPHAN",
        nameAr: "هيئة",
        kind: "AUTHORITY",
        parentId: "6e70d9e9-01db-42cf-95dd-8ff4e2b590b2",
      },
      "input.parentId",
    ],
    [
      "a parent id that is not an ID",
      { code: "BADID", nameAr: "هيئة", kind: "AUTHORITY", parentId: "42" },
      "input.parentId",
    ],
    [
      "a social account with a bad URL",
      {
        code: "SOC",
        nameAr: "هيئة",
        kind: "AUTHORITY",
        socialAccounts: [{ platform: "X", handle: "@x", url: "javascript:alert(1)" }],
      },
      "input.socialAccounts.0.url",
    ],
  ] as const) {
    it(`answers BAD_USER_INPUT naming ${expected} for ${field}, writing nothing`, async () => {
      const [rows, events] = [await entityRows(), await outboxRows()];
      const result = await api.gql(REGISTER, { input });
      assert.equal(
        result.errors?.[0]?.extensions?.code,
        "BAD_USER_INPUT",
        JSON.stringify(result.errors),
      );
      assert.equal(result.errors?.[0]?.extensions?.field, expected);
      assert.equal(await entityRows(), rows);
      assert.equal(await outboxRows(), events);
    });
  }

  it("finds entities by code, and by Arabic text typed without hamza or diacritics", async () => {
    const byCode = await api.gql<{ entityByCode: Entity }>(
      `{ entityByCode(code: "MIA") { id code } }`,
    );
    assert.equal(byCode.data!.entityByCode.id, mia.id);
    for (const search of ["الاعلام", "الإعلام", "information", "mia"]) {
      const found = await api.gql<{ entities: { totalCount: number; edges: { node: Entity }[] } }>(
        `query($s: String) { entities(filter: { search: $s }) { totalCount edges { node { code } } } }`,
        { s: search },
      );
      assert.deepEqual(
        found.data!.entities.edges.map((e) => e.node.code),
        ["MIA"],
        `search "${search}"`,
      );
    }
    const none = await api.gql<{ entities: { totalCount: number } }>(
      `{ entities(filter: { search: "100%_" }) { totalCount } }`,
    );
    assert.equal(none.data!.entities.totalCount, 0, "LIKE wildcards in a search are literal");
  });

  it("answers English names when the caller asks for English", async () => {
    const response = await fetch(api.url, {
      method: "POST",
      headers: {
        ...(await import("@gcn/shared/testing")).signedHeaders(ADMIN),
        "accept-language": "en",
      },
      body: JSON.stringify({ query: `{ entityByCode(code: "MIA") { name } }` }),
    });
    const body = (await response.json()) as { data: { entityByCode: { name: string } } };
    assert.equal(body.data.entityByCode.name, "Ministry of Information Affairs");
  });

  it("pages through entities with Relay cursors", async () => {
    for (const code of ["MOH", "MOE", "MOI"]) {
      const r = await api.gql(REGISTER, {
        input: { code, nameAr: `وزارة ${code}`, kind: "MINISTRY", parentId: null },
      });
      assert.equal(r.errors, undefined);
    }
    const page1 = await api.gql<{
      entities: {
        totalCount: number;
        edges: { cursor: string; node: Entity }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      `{ entities(first: 2) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`,
    );
    const { edges, pageInfo, totalCount } = page1.data!.entities;
    assert.equal(totalCount, 4);
    assert.deepEqual(
      edges.map((e) => e.node.code),
      ["MIA", "MOE"],
    );
    assert.equal(pageInfo.hasNextPage, true);
    const page2 = await api.gql<{
      entities: { edges: { node: Entity }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      `query($after: String) { entities(first: 2, after: $after) { edges { node { code } } pageInfo { hasNextPage } } }`,
      { after: pageInfo.endCursor },
    );
    assert.deepEqual(
      page2.data!.entities.edges.map((e) => e.node.code),
      ["MOH", "MOI"],
    );
    assert.equal(page2.data!.entities.pageInfo.hasNextPage, false);
    const tooMany = await api.gql(`{ entities(first: 500) { totalCount } }`);
    assert.equal(tooMany.errors?.[0]?.extensions?.field, "first");
  });

  it("appoints a liaison and hides contact details from analysts", async () => {
    const appointed = await api.gql<{ appointLiaison: LiaisonResult }>(APPOINT, {
      input: {
        entityId: mia.id,
        fullNameAr: "مريم إبراهيم الدوسري",
        fullNameEn: "Maryam Aldoseri",
        role: "PRIMARY",
        email: "maryam@mia.gov.bh",
        phone: "+973 1700 1234",
      },
    });
    assert.equal(appointed.errors, undefined, JSON.stringify(appointed.errors));
    liaisonId = appointed.data!.appointLiaison.id;
    assert.match(appointed.data!.appointLiaison.appointedOn, /^\d{4}-\d{2}-\d{2}$/);
    const query = `query($id: ID!) { liaison(id: $id) { fullNameAr email phone entity { code } } }`;
    const asAnalyst = await api.gql<{ liaison: LiaisonResult & { fullNameAr: string } }>(
      query,
      { id: liaisonId },
      ANALYST,
    );
    assert.equal(asAnalyst.data!.liaison.fullNameAr, "مريم إبراهيم الدوسري");
    assert.equal(asAnalyst.data!.liaison.email, null);
    assert.equal(asAnalyst.data!.liaison.phone, null);
    const liaison: Identity = { sub: "l-1", roles: ["LIAISON"], entityId: mia.id };
    const asLiaison = await api.gql<{ liaison: LiaisonResult }>(query, { id: liaisonId }, liaison);
    assert.equal(asLiaison.data!.liaison.email, "maryam@mia.gov.bh");
    const badEmail = await api.gql(APPOINT, {
      input: { entityId: mia.id, fullNameAr: "اسم", role: "MEDIA", email: "not-an-email" },
    });
    assert.equal(badEmail.errors?.[0]?.extensions?.field, "input.email");
  });

  it("ends an appointment once; the second time is a CONFLICT", async () => {
    const end = `mutation($id: ID!) { endLiaisonAppointment(id: $id) { active endedOn } }`;
    const ended = await api.gql<{ endLiaisonAppointment: { active: boolean; endedOn: string } }>(
      end,
      { id: liaisonId },
    );
    assert.equal(ended.data!.endLiaisonAppointment.active, false);
    const again = await api.gql(end, { id: liaisonId });
    assert.equal(again.errors?.[0]?.extensions?.code, "CONFLICT");
    const listed = await api.gql<{
      entityByCode: { active: { id: string }[]; all: { id: string }[] };
    }>(
      `{ entityByCode(code: "MIA") { active: liaisons { id } all: liaisons(includeInactive: true) { id } } }`,
    );
    assert.equal(listed.data!.entityByCode.active.length, 0);
    assert.equal(listed.data!.entityByCode.all.length, 1);
  });

  it("bounds appointedOn, and lets an appointment that has not started be called off", async () => {
    const registered = await api.gql<{ registerEntity: { id: string } }>(
      `mutation { registerEntity(input: { code: "FUTR", nameAr: "هيئة المستقبل", kind: AGENCY }) { id } }`,
    );
    const entityId = registered.data!.registerEntity.id;
    const countLiaisons = async () =>
      (
        (await api.service.dataSource.query(
          `SELECT count(*)::int AS n FROM liaison WHERE entity_id = $1`,
          [entityId],
        )) as { n: number }[]
      )[0]!.n;
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const appointedOn of ["9999-12-31", day(400), "1900-01-01"]) {
      const refused = await api.gql(APPOINT, {
        input: { entityId, fullNameAr: "اسم بعيد", role: "MEDIA", appointedOn },
      });
      assert.equal(refused.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", appointedOn);
      assert.equal(refused.errors?.[0]?.extensions?.field, "input.appointedOn");
    }
    assert.equal(await countLiaisons(), 0, "a refused appointment writes nothing");
    const planned = await api.gql<{ appointLiaison: LiaisonResult }>(APPOINT, {
      input: { entityId, fullNameAr: "خليفة المستقبل", role: "DEPUTY", appointedOn: day(30) },
    });
    assert.equal(planned.errors, undefined, JSON.stringify(planned.errors));
    const calledOff = await api.gql<{
      endLiaisonAppointment: { active: boolean; endedOn: string };
    }>(`mutation($id: ID!) { endLiaisonAppointment(id: $id) { active endedOn } }`, {
      id: planned.data!.appointLiaison.id,
    });
    assert.equal(calledOff.errors, undefined, JSON.stringify(calledOff.errors));
    assert.equal(calledOff.data!.endLiaisonAppointment.active, false);
    assert.ok(calledOff.data!.endLiaisonAppointment.endedOn < day(30));
  });

  it("updates an entity: the answer, a fresh read and the event agree, with a later updatedAt", async () => {
    const registered = await api.gql<{ registerEntity: { id: string; updatedAt: string } }>(
      `mutation { registerEntity(input: { code: "UPDT", nameAr: "هيئة التحديث", kind: AGENCY }) { id updatedAt } }`,
    );
    const id = registered.data!.registerEntity.id;
    const fields = `id nameAr nameEn website socialAccounts { platform handle url } updatedAt`;
    const updated = await api.gql<{ updateEntity: Record<string, unknown> }>(
      `mutation($id: ID!) { updateEntity(id: $id, input: { nameEn: "Update Authority", website: "https://update.gov.bh",
         socialAccounts: [{ platform: X, handle: "update_bh" }] }) { ${fields} } }`,
      { id },
    );
    assert.equal(updated.errors, undefined, JSON.stringify(updated.errors));
    const answer = updated.data!.updateEntity;
    assert.equal(answer.nameAr, "هيئة التحديث", "a field left out keeps its value");
    assert.equal(answer.nameEn, "Update Authority");
    assert.deepEqual(answer.socialAccounts, [{ platform: "X", handle: "update_bh", url: null }]);
    assert.ok(
      Date.parse(String(answer.updatedAt)) > Date.parse(registered.data!.registerEntity.updatedAt),
      "updatedAt moves on",
    );
    const read = await api.gql<{ entity: Record<string, unknown> }>(
      `query($id: ID!) { entity(id: $id) { ${fields} } }`,
      { id },
    );
    assert.deepEqual(read.data!.entity, answer, "what the mutation answered is what is stored");
    const [event] = (await api.service.dataSource.query(
      `SELECT payload FROM outbox WHERE aggregateid = $1 AND type LIKE '%EntityUpdated%'`,
      [id],
    )) as { payload: { data: Record<string, unknown> } }[];
    assert.equal(event!.payload.data.nameEn, "Update Authority");
    assert.equal(event!.payload.data.website, "https://update.gov.bh");
  });

  it("refuses to put an entity under its own descendant", async () => {
    const child = await api.gql<{ registerEntity: Entity }>(REGISTER, {
      input: { code: "BTEA", nameAr: "هيئة السياحة", kind: "AUTHORITY", parentId: mia.id },
    });
    const childId = child.data!.registerEntity.id;
    const result = await api.gql(
      `mutation($id: ID!, $p: ID) { updateEntity(id: $id, input: { parentId: $p }) { id } }`,
      {
        id: mia.id,
        p: childId,
      },
    );
    assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(result.errors?.[0]?.extensions?.field, "input.parentId");
    const tree = await api.gql<{ entityByCode: { children: { code: string }[] } }>(
      `{ entityByCode(code: "MIA") { children { code } } }`,
    );
    assert.deepEqual(tree.data!.entityByCode.children, [{ code: "BTEA" }]);
  });

  it("lets only ADMIN write: a liaison and an analyst get FORBIDDEN and nothing is written", async () => {
    const liaison: Identity = { sub: "l-2", roles: ["LIAISON"], entityId: mia.id };
    for (const caller of [liaison, ANALYST]) {
      const [rows, events] = [await entityRows(), await outboxRows()];
      const result = await api.gql(
        REGISTER,
        { input: { code: "SNEAKY", nameAr: "هيئة", kind: "AGENCY" } },
        caller,
      );
      assert.equal(result.errors?.[0]?.extensions?.code, "FORBIDDEN");
      const update = await api.gql(
        `mutation($id: ID!) { deactivateEntity(id: $id) { id } }`,
        { id: mia.id },
        caller,
      );
      assert.equal(update.errors?.[0]?.extensions?.code, "FORBIDDEN");
      assert.equal(await entityRows(), rows);
      assert.equal(await outboxRows(), events);
    }
  });

  it("refuses liaisons for a deactivated entity, and a second deactivation", async () => {
    const created = await api.gql<{ registerEntity: Entity }>(REGISTER, {
      input: { code: "OLD", nameAr: "جهاز سابق", kind: "OTHER" },
    });
    const id = created.data!.registerEntity.id;
    const deactivate = `mutation($id: ID!) { deactivateEntity(id: $id) { active } }`;
    const first = await api.gql<{ deactivateEntity: { active: boolean } }>(deactivate, { id });
    assert.equal(first.data!.deactivateEntity.active, false);
    const second = await api.gql(deactivate, { id });
    assert.equal(second.errors?.[0]?.extensions?.code, "CONFLICT");
    const appoint = await api.gql(APPOINT, {
      input: { entityId: id, fullNameAr: "اسم كامل", role: "PRIMARY" },
    });
    assert.equal(appoint.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(appoint.errors?.[0]?.extensions?.field, "input.entityId");
    assert.equal(
      await api.count(`SELECT count(*) AS n FROM liaison WHERE entity_id = $1`, [id]),
      0,
    );
  });

  it("runs a network meeting: schedule, agenda, outcome; then refuses moves outside the arrows", async () => {
    const scheduled = await api.gql<{
      scheduleMeeting: {
        id: string;
        status: string;
        period: { year: number; month: number; label: string };
      };
    }>(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id status period { year month label(locale: EN) } } }`,
      {
        input: {
          title: "اجتماع الشبكة الشهري",
          scheduledAt: "2026-11-25T07:00:00Z",
          venue: "المنامة",
          period: { year: 2026, month: 11 },
        },
      },
    );
    assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
    const meeting = scheduled.data!.scheduleMeeting;
    assert.deepEqual(meeting.period, { year: 2026, month: 11, label: "November 2026" });
    const agenda = await api.gql<{
      addAgendaItem: { agenda: { position: number; entity: { code: string } }[] };
    }>(
      `mutation($id: ID!, $e: ID) { addAgendaItem(meetingId: $id, input: { title: "إنجازات الشهر", entityId: $e }) { agenda { position entity { code } } } }`,
      { id: meeting.id, e: mia.id },
    );
    assert.deepEqual(agenda.data!.addAgendaItem.agenda, [{ position: 1, entity: { code: "MIA" } }]);
    const outcome = `mutation($id: ID!, $a: [ID!]!) { recordMeetingOutcome(meetingId: $id, attendeeIds: $a, decisions: ["اعتماد خطة الشهر القادم"]) { status decisions attendees { id } } }`;
    const held = await api.gql<{
      recordMeetingOutcome: { status: string; attendees: { id: string }[] };
    }>(outcome, {
      id: meeting.id,
      a: [liaisonId],
    });
    assert.equal(held.data!.recordMeetingOutcome.status, "HELD");
    assert.deepEqual(held.data!.recordMeetingOutcome.attendees, [{ id: liaisonId }]);
    const cancel = await api.gql(
      `mutation($id: ID!) { cancelMeeting(meetingId: $id) { status } }`,
      { id: meeting.id },
    );
    assert.equal(cancel.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.match(cancel.errors![0]!.message, /HELD/);
    const events = (await api.service.dataSource.query(
      `SELECT type, sequence FROM outbox WHERE aggregateid = $1 ORDER BY sequence`,
      [meeting.id],
    )) as { type: string; sequence: string }[];
    assert.deepEqual(
      events.map((e) => [e.type, Number(e.sequence)]),
      [
        ["gcn.entities.MeetingScheduled.v1", 1],
        ["gcn.entities.MeetingAgendaItemAdded.v1", 2],
        ["gcn.entities.MeetingHeld.v1", 3],
      ],
    );
  });

  it("refuses a request without a valid gateway signature with 401 UNAUTHENTICATED", async () => {
    const unsigned = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ entities { totalCount } }" }),
    });
    assert.equal(unsigned.status, 401);
    const body = (await unsigned.json()) as {
      errors: { extensions: { code: string } }[];
      data?: unknown;
    };
    assert.equal(body.errors[0]!.extensions.code, "UNAUTHENTICATED");
    assert.equal(body.data, undefined);
    const { signedHeaders } = await import("@gcn/shared/testing");
    const forged = await fetch(api.url, {
      method: "POST",
      headers: signedHeaders(ADMIN, "someone-elses-secret-value"),
      body: JSON.stringify({ query: "{ entities { totalCount } }" }),
    });
    assert.equal(forged.status, 401);
  });

  it("answers /health and /ready", async () => {
    const base = api.url.replace("/graphql", "");
    assert.equal((await fetch(`${base}/health`)).status, 200);
    const ready = await fetch(`${base}/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: unknown }).checks, { database: true });
  });
});

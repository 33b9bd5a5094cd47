import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EntityManager } from "typeorm";
import { PermanentEventError } from "../src/events/dead-letters";
import { cataloguedEvents, catalogueEntry } from "../src/events/catalogue/event-catalogue";
import { handleEvents, parseEventData, stateOf } from "../src/events/catalogue/catalogued-event";
import { ENTITIES_EVENTS, LIAISON_CHANGES } from "../src/events/catalogue/entities.events";
import { createEnvelope } from "../src/events/event-envelope";
import { TOPICS } from "../src/events/topics";

const LIAISON = {
  id: "8f0e6a52-1f0b-4a55-9a0e-0f7f3b6a1c01",
  entityId: "2b7c4a10-5d7e-4c1f-8f43-3a9e1d2c4b02",
  fullNameAr: "مريم",
  fullNameEn: null,
  jobTitle: null,
  role: "PRIMARY",
  active: true,
  appointedOn: "2026-01-04",
  endedOn: null,
};

describe("the event catalogue", () => {
  it("names every event gcn.<service>.<Name>.v1 once, on its service's topic", () => {
    const types = cataloguedEvents().map((entry) => entry.type);
    assert.equal(new Set(types).size, types.length, "no type twice");
    for (const entry of cataloguedEvents()) {
      assert.equal(entry.type, `gcn.${entry.service}.${entry.name}.v1`);
      assert.equal(entry.topic, TOPICS[entry.service as keyof typeof TOPICS]);
      assert.equal(entry.source, `/gcn/${entry.service}`);
      assert.ok(entry.description.length > 10, `${entry.type} says what it means`);
    }
    assert.equal(catalogueEntry("gcn.plan.PlanItemScheduled.v1")?.aggregate, "PlanItem");
    assert.equal(catalogueEntry("gcn.plan.Nothing.v1"), undefined);
  });

  it("reads typed data, and names each missing or mistyped field in a permanent error", () => {
    const entry = ENTITIES_EVENTS.events.LiaisonAppointed;
    const event = (data: unknown) => ({ id: "e-1", type: entry.type, data });
    assert.deepEqual(parseEventData(entry, event(LIAISON)), LIAISON);
    assert.throws(
      () => parseEventData(entry, event({ ...LIAISON, active: "yes", entityId: undefined })),
      (error: unknown) =>
        error instanceof PermanentEventError &&
        /gcn\.entities\.LiaisonAppointed\.v1 e-1 does not carry a valid Liaison/.test(
          error.message,
        ) &&
        /entityId/.test(error.message) &&
        /active/.test(error.message),
    );
  });

  it("builds a producer's data from its row: catalogued fields only, dates as ISO text", () => {
    const row = { ...LIAISON, email: "pii@example.bh", phone: "+973 1700 0000" };
    const data = stateOf(ENTITIES_EVENTS.events.LiaisonAppointed, row);
    assert.deepEqual(data, LIAISON, "contact details are not catalogued, so not sent");
    const meeting = stateOf(ENTITIES_EVENTS.events.MeetingScheduled, {
      id: "m-1",
      title: "اجتماع الشبكة",
      scheduledAt: new Date("2026-11-04T06:00:00Z"),
      venue: null,
      period: { year: 2026, month: 11 },
      status: "SCHEDULED",
      agenda: [],
      attendeeIds: [],
      decisions: [],
    });
    assert.equal(meeting.scheduledAt, "2026-11-04T06:00:00.000Z");
    assert.throws(
      () => stateOf(ENTITIES_EVENTS.events.LiaisonAppointed, { ...LIAISON, role: 7 }),
      /LiaisonAppointed\.v1: the Liaison state does not fit the catalogue \(role:/,
    );
  });

  it("hands a consumer's handler typed data, and never runs it on data that does not fit", async () => {
    const seen: string[] = [];
    const handlers = handleEvents(LIAISON_CHANGES, async (_tx, liaison) => {
      seen.push(liaison.entityId);
    });
    assert.deepEqual(
      Object.keys(handlers),
      LIAISON_CHANGES.map((entry) => entry.type),
    );
    const tx = {} as EntityManager;
    const envelope = (data: unknown) =>
      createEnvelope({
        source: "/gcn/entities",
        type: ENTITIES_EVENTS.events.LiaisonUpdated.type,
        subject: LIAISON.id,
        sequence: 2,
        correlationId: "c",
        actor: "a",
        data,
      });
    await handlers[ENTITIES_EVENTS.events.LiaisonUpdated.type]!(tx, envelope(LIAISON));
    await assert.rejects(
      handlers[ENTITIES_EVENTS.events.LiaisonUpdated.type]!(tx, envelope({ id: LIAISON.id })),
      PermanentEventError,
    );
    assert.deepEqual(seen, [LIAISON.entityId]);
  });
});

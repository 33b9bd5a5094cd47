import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import { todayIn } from "../src/domain/calendar-day.rules";
import { wouldCreateCycle } from "../src/domain/entity-hierarchy.rules";
import {
  assertAgendaEditable,
  assertMeetingMove,
  canMoveMeeting,
} from "../src/domain/meeting-status.rules";

describe("meeting status rules", () => {
  it("allows SCHEDULED -> HELD and SCHEDULED -> CANCELLED only", () => {
    assert.equal(canMoveMeeting("SCHEDULED", "HELD"), true);
    assert.equal(canMoveMeeting("SCHEDULED", "CANCELLED"), true);
    for (const [from, to] of [
      ["HELD", "CANCELLED"],
      ["HELD", "SCHEDULED"],
      ["CANCELLED", "HELD"],
      ["HELD", "HELD"],
      ["SCHEDULED", "SCHEDULED"],
    ] as const) {
      assert.equal(canMoveMeeting(from, to), false, `${from} -> ${to}`);
    }
  });

  it("answers CONFLICT naming the current state", () => {
    assert.throws(
      () => assertMeetingMove("HELD", "CANCELLED"),
      (e: unknown) =>
        e instanceof GraphQLError &&
        e.extensions.code === "CONFLICT" &&
        e.extensions.currentState === "HELD" &&
        /HELD/.test(e.message),
    );
    assert.throws(() => assertAgendaEditable("CANCELLED"), /CANCELLED/);
    assert.doesNotThrow(() => assertAgendaEditable("SCHEDULED"));
  });
});

describe("entity hierarchy", () => {
  const parentOf = new Map<string, string | null>([
    ["ministry", null],
    ["authority", "ministry"],
    ["unit", "authority"],
  ]);

  it("refuses making an entity its own parent or putting it under a descendant", () => {
    assert.equal(wouldCreateCycle("ministry", "ministry", parentOf), true);
    assert.equal(wouldCreateCycle("ministry", "unit", parentOf), true);
    assert.equal(wouldCreateCycle("authority", "unit", parentOf), true);
  });

  it("allows moving under an unrelated or ancestor entity", () => {
    assert.equal(wouldCreateCycle("unit", "ministry", parentOf), false);
    assert.equal(wouldCreateCycle("other", "unit", parentOf), false);
  });
});

describe("calendar day in the network's time zone", () => {
  it("is already tomorrow in Bahrain at 22:00 UTC", () => {
    const lateEvening = new Date("2026-11-26T22:00:00Z");
    assert.equal(todayIn("Asia/Bahrain", lateEvening), "2026-11-27");
    assert.equal(todayIn("UTC", lateEvening), "2026-11-26");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectClashes, type ClashCandidate } from "../src/domain/clash-detection";
import { CHANNEL_ORDER } from "../src/schema/plan-enums";

const PERIOD_START = new Date("2026-11-01T00:00:00Z");
const PERIOD_END = new Date("2026-12-01T00:00:00Z");

function item(
  id: string,
  overrides: Partial<ClashCandidate> & { from: string; to: string },
): ClashCandidate {
  const { from, to, ...rest } = overrides;
  return {
    id,
    ownerId: `owner-${id}`,
    priority: "HIGH",
    status: "PLANNED",
    startsAt: new Date(`2026-11-10T${from}:00Z`),
    endsAt: new Date(`2026-11-10T${to}:00Z`),
    channels: ["TV"],
    ...rest,
  };
}

const clashIds = (items: ClashCandidate[]) =>
  detectClashes(items, PERIOD_START, PERIOD_END, CHANNEL_ORDER).map((c) => `${c.a.id}-${c.b.id}`);

describe("clash detection", () => {
  it("finds two overlapping high-priority items of different owners on a shared channel", () => {
    const [clash] = detectClashes(
      [
        item("a", { from: "09:00", to: "11:00", channels: ["X", "TV", "PRESS"] }),
        item("b", { from: "10:00", to: "12:00", channels: ["PRESS", "TV"] }),
      ],
      PERIOD_START,
      PERIOD_END,
      CHANNEL_ORDER,
    );
    assert.equal(clash!.a.id, "a");
    assert.equal(clash!.b.id, "b");
    assert.deepEqual(clash!.sharedChannels, ["PRESS", "TV"], "in the contract's channel order");
    assert.equal(clash!.overlapStartsAt.toISOString(), "2026-11-10T10:00:00.000Z");
    assert.equal(clash!.overlapEndsAt.toISOString(), "2026-11-10T11:00:00.000Z");
  });

  it("does not count touching ranges as overlapping", () => {
    assert.deepEqual(
      clashIds([
        item("a", { from: "09:00", to: "10:00" }),
        item("b", { from: "10:00", to: "11:00" }),
      ]),
      [],
    );
  });

  it("counts a one-minute overlap", () => {
    assert.deepEqual(
      clashIds([
        item("a", { from: "09:00", to: "10:01" }),
        item("b", { from: "10:00", to: "11:00" }),
      ]),
      ["a-b"],
    );
  });

  it("never lets an owner clash with itself", () => {
    assert.deepEqual(
      clashIds([
        item("a", { from: "09:00", to: "11:00", ownerId: "same" }),
        item("b", { from: "10:00", to: "12:00", ownerId: "same" }),
      ]),
      [],
    );
  });

  for (const status of ["CANCELLED", "POSTPONED", "DONE"]) {
    it(`ignores ${status} items`, () => {
      assert.deepEqual(
        clashIds([
          item("a", { from: "09:00", to: "11:00", status }),
          item("b", { from: "10:00", to: "12:00" }),
        ]),
        [],
      );
    });
  }

  it("lets CONFIRMED items clash like PLANNED ones", () => {
    assert.deepEqual(
      clashIds([
        item("a", { from: "09:00", to: "11:00", status: "CONFIRMED" }),
        item("b", { from: "10:00", to: "12:00" }),
      ]),
      ["a-b"],
    );
  });

  for (const priority of ["NORMAL", "LOW"]) {
    it(`ignores ${priority} priority; CRITICAL counts`, () => {
      assert.deepEqual(
        clashIds([
          item("a", { from: "09:00", to: "11:00", priority }),
          item("b", { from: "10:00", to: "12:00" }),
        ]),
        [],
      );
      assert.deepEqual(
        clashIds([
          item("a", { from: "09:00", to: "11:00", priority: "CRITICAL" }),
          item("b", { from: "10:00", to: "12:00" }),
        ]),
        ["a-b"],
      );
    });
  }

  it("needs at least one shared channel", () => {
    assert.deepEqual(
      clashIds([
        item("a", { from: "09:00", to: "11:00", channels: ["TV"] }),
        item("b", { from: "10:00", to: "12:00", channels: ["RADIO", "X"] }),
      ]),
      [],
    );
  });

  it("lists each pair once, a before b by startsAt, then id, and pairs in that order", () => {
    const items = [
      item("c", { from: "10:00", to: "12:00" }),
      item("b", { from: "09:00", to: "11:00" }),
      item("a", { from: "09:00", to: "11:30" }),
    ];
    assert.deepEqual(clashIds(items), ["a-b", "a-c", "b-c"]);
  });

  it("needs at least one item starting in the period; the other may start outside it", () => {
    const before = item("early", {
      from: "00:00",
      to: "00:00",
      startsAt: new Date("2026-10-31T22:00:00Z"),
      endsAt: new Date("2026-11-01T02:00:00Z"),
    });
    const inside = item("inside", {
      from: "00:00",
      to: "00:00",
      startsAt: new Date("2026-11-01T01:00:00Z"),
      endsAt: new Date("2026-11-01T03:00:00Z"),
    });
    const olderPair = [
      item("x", {
        from: "00:00",
        to: "00:00",
        startsAt: new Date("2026-10-30T10:00:00Z"),
        endsAt: new Date("2026-10-30T12:00:00Z"),
      }),
      item("y", {
        from: "00:00",
        to: "00:00",
        startsAt: new Date("2026-10-30T11:00:00Z"),
        endsAt: new Date("2026-10-30T13:00:00Z"),
      }),
    ];
    assert.deepEqual(clashIds([before, inside, ...olderPair]), ["early-inside"]);
  });

  it("does not stop at a long item when a later one still overlaps an earlier one", () => {
    const long = item("long", { from: "08:00", to: "18:00" });
    const short = item("short", { from: "09:00", to: "09:30", channels: ["RADIO"] });
    const late = item("late", { from: "17:00", to: "19:00" });
    assert.deepEqual(clashIds([long, short, late]), ["long-late"]);
  });
});

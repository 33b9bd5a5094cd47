import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import {
  assertAcceptsSessions,
  assertInitiativeMove,
  assertReschedulable,
  assertSessionMove,
  canMoveInitiative,
  canMoveSession,
} from "../src/domain/initiative-status.rules";

const conflictIn = (state: string) => (e: unknown) =>
  e instanceof GraphQLError &&
  e.extensions.code === "CONFLICT" &&
  e.extensions.currentState === state &&
  e.message.includes(state);

describe("initiative status arrows", () => {
  it("launches a proposed or paused initiative, pauses an active one, concludes an active or paused one", () => {
    assert.ok(canMoveInitiative("PROPOSED", "ACTIVE"));
    assert.ok(canMoveInitiative("PAUSED", "ACTIVE"));
    assert.ok(canMoveInitiative("ACTIVE", "PAUSED"));
    assert.ok(canMoveInitiative("ACTIVE", "CONCLUDED"));
    assert.ok(canMoveInitiative("PAUSED", "CONCLUDED"));
  });

  it("refuses every other move with CONFLICT naming the current state", () => {
    for (const [from, to] of [
      ["PROPOSED", "PAUSED"],
      ["PROPOSED", "CONCLUDED"],
      ["ACTIVE", "ACTIVE"],
      ["CONCLUDED", "ACTIVE"],
      ["PAUSED", "PAUSED"],
    ] as const) {
      assert.throws(() => assertInitiativeMove(from, to), conflictIn(from), `${from} -> ${to}`);
    }
  });

  it("takes sessions only while ACTIVE", () => {
    assert.doesNotThrow(() => assertAcceptsSessions("ACTIVE"));
    for (const status of ["PROPOSED", "PAUSED", "CONCLUDED"] as const) {
      assert.throws(() => assertAcceptsSessions(status), conflictIn(status));
    }
  });
});

describe("session status arrows", () => {
  it("holds or cancels a scheduled session and publishes a held one", () => {
    assert.ok(canMoveSession("SCHEDULED", "HELD"));
    assert.ok(canMoveSession("SCHEDULED", "CANCELLED"));
    assert.ok(canMoveSession("HELD", "PUBLISHED"));
  });

  it("refuses publishing before holding, cancelling after holding, and anything after the end", () => {
    for (const [from, to] of [
      ["SCHEDULED", "PUBLISHED"],
      ["HELD", "CANCELLED"],
      ["PUBLISHED", "HELD"],
      ["CANCELLED", "SCHEDULED"],
      ["HELD", "HELD"],
    ] as const) {
      assert.throws(() => assertSessionMove(from, to), conflictIn(from), `${from} -> ${to}`);
    }
  });

  it("reschedules only a session still to be held", () => {
    assert.doesNotThrow(() => assertReschedulable("SCHEDULED"));
    assert.throws(() => assertReschedulable("HELD"), conflictIn("HELD"));
  });
});

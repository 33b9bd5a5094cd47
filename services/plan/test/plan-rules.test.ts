import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import {
  assertItemEditable,
  assertItemMove,
  assertPlanPublishable,
  canMoveItem,
} from "../src/domain/plan-item-status.rules";
import { channelsForPlatforms } from "../src/domain/session-channels.rules";
import { CHANNEL_ORDER } from "../src/schema/plan-enums";

const conflictIn = (state: string) => (e: unknown) =>
  e instanceof GraphQLError &&
  e.extensions.code === "CONFLICT" &&
  e.extensions.currentState === state;

describe("plan item status arrows", () => {
  it("moves planned and confirmed items anywhere but back to the same state", () => {
    for (const to of ["CONFIRMED", "DONE", "POSTPONED", "CANCELLED"] as const)
      assert.ok(canMoveItem("PLANNED", to));
    for (const to of ["PLANNED", "DONE", "POSTPONED", "CANCELLED"] as const)
      assert.ok(canMoveItem("CONFIRMED", to));
    assert.equal(canMoveItem("PLANNED", "PLANNED"), false);
  });

  it("lets a postponed item be re-planned or cancelled, not marked done", () => {
    assert.ok(canMoveItem("POSTPONED", "PLANNED"));
    assert.ok(canMoveItem("POSTPONED", "CANCELLED"));
    assert.equal(canMoveItem("POSTPONED", "DONE"), false);
  });

  it("keeps DONE and CANCELLED final, answering CONFLICT with the current state", () => {
    assert.throws(() => assertItemMove("DONE", "PLANNED"), conflictIn("DONE"));
    assert.throws(() => assertItemMove("CANCELLED", "CONFIRMED"), conflictIn("CANCELLED"));
    assert.throws(() => assertItemEditable("DONE"), conflictIn("DONE"));
    assert.doesNotThrow(() => assertItemEditable("POSTPONED"));
  });

  it("publishes a plan once", () => {
    assert.doesNotThrow(() => assertPlanPublishable("DRAFT"));
    assert.throws(() => assertPlanPublishable("PUBLISHED"), conflictIn("PUBLISHED"));
  });
});

describe("channels of an item made from an initiative session", () => {
  it("keeps the platforms that are channels, in channel order, and maps NEWS to PRESS", () => {
    assert.deepEqual(channelsForPlatforms(["YOUTUBE", "NEWS", "X", "FACEBOOK"], CHANNEL_ORDER), [
      "PRESS",
      "X",
      "YOUTUBE",
    ]);
  });

  it("falls back to PRESS when no platform is a channel", () => {
    assert.deepEqual(channelsForPlatforms(["FACEBOOK", "LINKEDIN"], CHANNEL_ORDER), ["PRESS"]);
    assert.deepEqual(channelsForPlatforms([], CHANNEL_ORDER), ["PRESS"]);
  });
});

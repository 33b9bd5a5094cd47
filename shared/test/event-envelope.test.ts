import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createEnvelope,
  formatSequence,
  MalformedEventError,
  parseEnvelope,
  sequenceOf,
} from "../src/events/event-envelope";

describe("CloudEvents envelope", () => {
  const envelope = createEnvelope({
    source: "/gcn/entities",
    type: "gcn.entities.EntityRegistered.v1",
    subject: "6e70d9e9-01db-42cf-95dd-8ff4e2b590b2",
    sequence: 3,
    correlationId: "req-1",
    actor: "admin-1",
    data: { code: "MIA" },
  });

  it("carries every contract field", () => {
    assert.equal(envelope.specversion, "1.0");
    assert.match(envelope.id, /^[0-9a-f-]{36}$/);
    assert.equal(envelope.datacontenttype, "application/json");
    assert.equal(envelope.sequence, "00000000000000000003");
    assert.equal(envelope.correlationid, "req-1");
    assert.equal(envelope.actor, "admin-1");
    assert.ok(!Number.isNaN(Date.parse(envelope.time)));
  });

  it("parses what it creates", () => {
    assert.deepEqual(parseEnvelope(JSON.stringify(envelope)), envelope);
  });

  it("writes sequence as the CloudEvents Sequence extension: strings that order as the numbers do", () => {
    const sequences = [10, 2, 1, 100, 99].map((n) => formatSequence(n));
    assert.ok(sequences.every((sequence) => typeof sequence === "string"));
    assert.deepEqual(
      [...sequences].sort().map(Number),
      [1, 2, 10, 99, 100],
      "lexicographic order is numeric order",
    );
    assert.equal(sequenceOf(envelope), 3);
  });

  it("reads an envelope written before the extension (a JSON integer) as the same sequence", () => {
    const legacy = parseEnvelope(JSON.stringify({ ...envelope, sequence: 3 }));
    assert.equal(legacy.sequence, "00000000000000000003");
  });

  for (const [problem, value] of [
    ["not JSON", "{oops"],
    ["an array", "[]"],
    ["a wrong specversion", JSON.stringify({ ...envelope, specversion: "0.3" })],
    ["a non-UUID id", JSON.stringify({ ...envelope, id: "42" })],
    ["no type", JSON.stringify({ ...envelope, type: "" })],
    ["a zero sequence", JSON.stringify({ ...envelope, sequence: "00000000000000000000" })],
    ["a sequence that is no number", JSON.stringify({ ...envelope, sequence: "3a" })],
    ["no data", JSON.stringify({ ...envelope, data: null })],
  ] as const) {
    it(`rejects ${problem}`, () => {
      assert.throws(() => parseEnvelope(value), MalformedEventError);
    });
  }

  it("rejects an empty message", () => {
    assert.throws(() => parseEnvelope(null), /empty message/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTransientError } from "../src";

describe("transient failures", () => {
  it("retries what goes away by itself", () => {
    const transient = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("terminating connection due to administrator command"), {
        code: "57P01",
      }),
      Object.assign(new Error('database "gcn_plan" is not currently accepting connections'), {
        code: "55000",
      }),
      Object.assign(new Error("deadlock detected"), { code: "40P01" }),
      { message: "query failed", driverError: { code: "08006", message: "connection failure" } },
    ];
    for (const error of transient)
      assert.ok(isTransientError(error), String((error as Error).message));
  });

  it("does not retry a real rejection", () => {
    const permanent = [
      Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }),
      Object.assign(new Error("invalid input syntax for type uuid"), { code: "22P02" }),
      new SyntaxError("Unexpected end of JSON input"),
    ];
    for (const error of permanent) assert.ok(!isTransientError(error), error.message);
  });
});

import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  clearFaultPoints,
  EnvReader,
  faultBeforeCommit,
  installFaultPoints,
  InjectedFault,
  readFaultPoints,
  readServiceConfig,
} from "../src";

describe("test-only fault points", () => {
  afterEach(() => clearFaultPoints());

  it("are read from GCN_FAULT_* and refused by production config", () => {
    const env = new EnvReader({ GCN_FAULT_FAIL_BEFORE_COMMIT_EVERY: "10" });
    assert.deepEqual(readFaultPoints(env, false), { failBeforeCommitEvery: 10 });
    assert.throws(
      () =>
        readServiceConfig(
          "entities",
          new EnvReader({
            NODE_ENV: "production",
            GATEWAY_SECRET: "a-production-gateway-secret-0123456789",
            ENTITIES_DATABASE_URL: "postgres://db/gcn_entities",
            GCN_FAULT_RELAY_EXIT_AFTER_SENDS: "3",
          }),
        ),
      /GCN_FAULT_RELAY_EXIT_AFTER_SENDS is a test-only fault/,
    );
  });

  it("fail every Nth event of a source, counting each source apart", () => {
    installFaultPoints({ failBeforeCommitEvery: 3 });
    const outcomes = Array.from({ length: 6 }, () => {
      try {
        faultBeforeCommit("entities");
        return "ok";
      } catch (error) {
        assert.ok(error instanceof InjectedFault);
        return "fault";
      }
    });
    assert.deepEqual(outcomes, ["ok", "ok", "fault", "ok", "ok", "fault"]);
    assert.doesNotThrow(() => faultBeforeCommit("plan"));
  });

  it("do nothing when none is installed", () => {
    for (let i = 0; i < 20; i++) faultBeforeCommit("entities");
  });
});

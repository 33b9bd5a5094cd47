import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, EnvReader } from "../src/config/env-reader";
import { readServiceConfig } from "../src/config/platform-config";

describe("typed config", () => {
  it("names the variable that is missing", () => {
    assert.throws(() => new EnvReader({}).string("DATABASE_URL"), /DATABASE_URL is required/);
  });

  it("names the variable that is malformed", () => {
    const env = new EnvReader({ PORT: "forty", FLAG: "maybe", URL: "ftp://x", LEVEL: "loud" });
    assert.throws(
      () => env.int("PORT"),
      (e: unknown) => e instanceof ConfigError && e.variable === "PORT",
    );
    assert.throws(() => env.bool("FLAG", false), /FLAG must be true or false/);
    assert.throws(() => env.url("URL"), /URL must use http/);
    assert.throws(
      () => env.oneOf("LEVEL", ["info", "warn"], "info"),
      /LEVEL must be one of info, warn/,
    );
  });

  it("uses defaults and bounds", () => {
    const env = new EnvReader({ PORT: "70000" });
    assert.equal(new EnvReader({}).int("PORT", 4001), 4001);
    assert.throws(() => env.int("PORT", 1, { max: 65535 }), /at most 65535/);
    assert.deepEqual(new EnvReader({ KAFKA_BROKERS: "a:1, b:2" }).list("KAFKA_BROKERS"), [
      "a:1",
      "b:2",
    ]);
  });

  it("refuses development secrets and missing database URLs in production", () => {
    assert.throws(
      () => readServiceConfig("plan", new EnvReader({ NODE_ENV: "production" })),
      /GATEWAY_SECRET/,
    );
    assert.throws(
      () =>
        readServiceConfig(
          "plan",
          new EnvReader({ NODE_ENV: "production", GATEWAY_SECRET: "a-real-secret-from-the-vault" }),
        ),
      /PLAN_DATABASE_URL/,
    );
  });

  it("gives each service its own port and database variables", () => {
    const config = readServiceConfig(
      "plan",
      new EnvReader({ PLAN_PORT: "5002", PLAN_DATABASE_URL: "postgres://db/plan" }),
    );
    assert.equal(config.port, 5002);
    assert.equal(config.databaseUrl, "postgres://db/plan");
  });
});

import { anEntity } from "@gcn/shared/testing";
import { ENTITIES_EVENTS } from "@gcn/shared";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { ServiceUnderTest } from "@gcn/shared/testing";
import { startReputationForTest } from "./reputation-test-service";

const run = promisify(execFile);
const CLI = path.resolve(__dirname, "../src/ingest-cli.js");

describe("npm run ingest (CSV and NDJSON files)", () => {
  let api: ServiceUnderTest;
  let entityId: string;
  let databaseUrl: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcn-ingest-"));

  before(async () => {
    api = await startReputationForTest((env) => {
      databaseUrl = env.string("REPUTATION_DATABASE_URL");
    });
    entityId = randomUUID();
    await api.deliver(
      ENTITIES_EVENTS.events.EntityRegistered,
      anEntity({
        id: entityId,
        code: "FILED",
        active: true,
        socialAccounts: [],
      }),
    );
  });
  after(async () => {
    await api.stop();
  });

  const ingest = (file: string) =>
    run(process.execPath, [CLI, file], {
      env: { ...process.env, REPUTATION_DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    });

  it("imports a CSV, names the rejected lines, and updates on a second import", async () => {
    const file = path.join(dir, "october.csv");
    writeFileSync(
      file,
      [
        "entityId,platform,date,impressions,mentions,positiveMentions,medianResponseMinutes",
        `${entityId},X,2026-10-01,100,5,3,`,
        `${entityId},X,2026-10-02,200,5,9,`,
        `${entityId},"YOUTUBE",2026-10-01,300,,,12.5`,
        `${randomUUID()},X,2026-10-01,1,,,`,
      ].join("\n"),
    );
    const first = await ingest(file);
    assert.match(first.stdout, /4 rows, 2 accepted \(0 updated\), 2 rejected/);
    assert.match(
      first.stdout,
      /line 3: positive \+ negative \+ neutral mentions \(9\) exceed mentions \(5\)/,
    );
    assert.match(first.stdout, /line 5: entityId names no known government entity/);
    const second = await ingest(file);
    assert.match(second.stdout, /2 accepted \(2 updated\)/);
    assert.equal(await api.count(`SELECT count(*) AS n FROM metric_sample`), 2);
  });

  it("imports NDJSON and reports a line that is not JSON", async () => {
    const file = path.join(dir, "november.ndjson");
    writeFileSync(
      file,
      [
        JSON.stringify({ entityId, platform: "TIKTOK", date: "2026-11-01", impressions: 5 }),
        "{oops",
        "",
      ].join("\n"),
    );
    const result = await ingest(file);
    assert.match(result.stdout, /2 rows, 1 accepted \(0 updated\), 1 rejected/);
    assert.match(result.stdout, /line 2: the line is not valid JSON/);
  });

  it("prints its usage without a file", async () => {
    await assert.rejects(
      run(process.execPath, [CLI]),
      (error: { code?: number; stderr?: string }) =>
        error.code === 2 && /usage/.test(error.stderr ?? ""),
    );
  });
});

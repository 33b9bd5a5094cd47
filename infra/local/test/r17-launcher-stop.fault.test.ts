import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import { signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET, SERVICE_NAMES } from "@gcn/shared";
import { kafkaBrokersOrSkip, postGraphQL, waitFor } from "@gcn/shared/testing";
import { REPO_ROOT } from "../src/local-config";

/** R17: Ctrl-C on `npm start` with Kafka, during traffic: an orderly stop, every group Empty. */
describe("R17: Ctrl-C on the launcher", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gcn-r17-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("stops the gateway, then the services, then PostgreSQL, within 10 s, leaving every group Empty", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const prefix = `r17-${randomUUID().slice(0, 8)}`;
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: brokers.join(","),
      KAFKA_TOPIC_PREFIX: `${prefix}.`,
      CONSUMER_GROUP_PREFIX: prefix,
      GCN_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(base),
      GATEWAY_PORT: String(base + 1),
      ENTITIES_PORT: String(base + 2),
      PLAN_PORT: String(base + 3),
      INITIATIVES_PORT: String(base + 4),
      REPUTATION_PORT: String(base + 5),
      BRIEFINGS_PORT: String(base + 6),
      LOG_LEVEL: "info",
    };
    // The embedded default: PostgreSQL started by the launcher itself.
    delete env.DATABASE_URL;
    // A process group of its own, as a terminal runs `npm start`: Ctrl-C signals all of it.
    const launcher = spawn(process.execPath, ["infra/local/dist/src/main.js"], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    launcher.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.on("exit", resolve));
    try {
      await waitFor(() => output.includes("GCN supergraph ready"), {
        timeoutMs: 120_000,
        intervalMs: 200,
        what: "the launcher to be ready",
      });
      const gateway = `http://127.0.0.1:${base + 1}/graphql`;
      const token = await signDevToken(DEV_JWT_SECRET, { sub: "r17", roles: ["ADMIN"] });
      let traffic = true;
      const writes = (async () => {
        for (let i = 0; traffic; i++) {
          await postGraphQL(
            gateway,
            `mutation($c: String!) { registerEntity(input: { code: $c, nameAr: "جهة التمرين", kind: AGENCY }) { id } }`,
            { c: `R17_${i}` },
            { authorization: `Bearer ${token}` },
          ).catch(() => undefined);
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The seed publishes last month's report, whose pack is issued at first start: Ctrl-C
      // while it prints must not wait for Chromium (the pack is issued after the next start).
      await waitFor(() => output.includes("issuing the briefing pack"), {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: "the briefing pack's issue to start",
      });
      const issuedBeforeSignal = output.includes("briefing pack issued");

      const signalled = Date.now();
      process.kill(-launcher.pid!, "SIGINT");
      const code = await Promise.race([
        exited,
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000)),
      ]);
      const seconds = (Date.now() - signalled) / 1000;
      traffic = false;
      await writes;
      const stopped = [...output.matchAll(/"what":"(\w+)","ms":(\d+),"msg":"stopped"/g)].map(
        (match) => match[1],
      );
      console.log(
        `# R17: exit ${code} after ${seconds.toFixed(2)} s; stopped: ${stopped.join(", ")}; ` +
          `signalled while the briefing pack was ${issuedBeforeSignal ? "already issued" : "being issued"}`,
      );
      assert.equal(code, 0, `a clean exit within 10 s:\n${output.slice(-2000)}`);
      assert.ok(seconds <= 10, `exit after ${seconds} s`);
      assert.equal(stopped[0], "gateway");
      assert.equal(stopped.at(-1), "postgres", "PostgreSQL stops last");
      assert.deepEqual([...stopped.slice(1, -1)].sort(), [...SERVICE_NAMES].sort());
      assert.doesNotMatch(output, /outbox relay failed|shutdown took too long/);

      const admin = new Kafka({ clientId: "r17", brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const ids = (await admin.listGroups()).groups
          .map((group) => group.groupId)
          .filter((id) => id.startsWith(prefix));
        assert.ok(ids.length >= 7, `the launcher's consumer groups: ${ids.join(", ")}`);
        const { groups } = await admin.describeGroups(ids);
        const notEmpty = groups.filter((group) => group.state !== "Empty");
        assert.deepEqual(
          notEmpty.map((group) => `${group.groupId}: ${group.state}`),
          [],
          "every group is Empty right after the exit",
        );
      } finally {
        await admin.disconnect();
      }
    } finally {
      if (launcher.exitCode === null) process.kill(-launcher.pid!, "SIGKILL");
    }
  });
});

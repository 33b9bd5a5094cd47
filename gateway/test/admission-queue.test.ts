import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { AdmissionQueue } from "../src/admission-queue";

/** A server whose handler holds each request until the test lets it go. */
function holdingServer(queue: AdmissionQueue) {
  const held: { name: string; release: () => void }[] = [];
  const started: string[] = [];
  const server = http.createServer((req, res) => {
    queue.admit(res, () => {
      const name = new URL(req.url ?? "/", "http://queue.test").searchParams.get("name") ?? "";
      started.push(name);
      held.push({
        name,
        release: () => {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ name }));
        },
      });
    });
  });
  return { server, held, started };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("gateway admission queue", () => {
  const queue = new AdmissionQueue(2, 2);
  const { server, held, started } = holdingServer(queue);
  let base = "";
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("works on `limit` requests at once and lets the others in by arrival order", async () => {
    const answers = ["a", "b", "c", "d"].map((name) =>
      fetch(`${base}/?name=${name}`).then(
        async (response) => ((await response.json()) as { name: string }).name,
      ),
    );
    await until(() => started.length === 2 && queue.stats.waiting === 2);
    assert.deepEqual(started, ["a", "b"]);
    assert.deepEqual(queue.stats, { active: 2, waiting: 2, refused: 0 });

    held.shift()!.release(); // a finishes: c, the first waiting, gets its turn
    await until(() => started.length === 3);
    assert.equal(started[2], "c");
    held.shift()!.release();
    await until(() => started.length === 4);
    assert.equal(started[3], "d");
    while (held.length) held.shift()!.release();
    assert.deepEqual(await Promise.all(answers), ["a", "b", "c", "d"]);
    await until(() => queue.stats.active === 0);
  });

  it("refuses with 503 SERVICE_UNAVAILABLE and Retry-After when the queue is full", async () => {
    started.length = 0;
    const pending = ["e", "f", "g", "h"].map((name) => fetch(`${base}/?name=${name}`));
    await until(() => queue.stats.active === 2 && queue.stats.waiting === 2);
    const refused = await fetch(`${base}/?name=i`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "1");
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    assert.equal(body.errors[0]!.extensions.code, "SERVICE_UNAVAILABLE");
    assert.equal(queue.stats.refused, 1);
    assert.ok(!started.includes("i"), "a refused request is never worked on");
    while (held.length || started.length < 4) {
      await until(() => held.length > 0);
      held.shift()!.release();
    }
    await Promise.all(pending);
    await until(() => queue.stats.active === 0);
  });

  it("forgets a waiting client that gives up, and frees the place of one that hangs up", async () => {
    started.length = 0;
    const first = fetch(`${base}/?name=j`);
    const second = new AbortController();
    const hangingUp = fetch(`${base}/?name=k`, { signal: second.signal }).catch(() => "aborted");
    await until(() => queue.stats.active === 2);
    const waiter = new AbortController();
    const givingUp = fetch(`${base}/?name=l`, { signal: waiter.signal }).catch(() => "aborted");
    await until(() => queue.stats.waiting === 1);
    waiter.abort();
    assert.equal(await givingUp, "aborted");
    await until(() => queue.stats.waiting === 0);
    second.abort(); // k is being worked on: its place is freed when its connection closes
    assert.equal(await hangingUp, "aborted");
    await until(() => queue.stats.active === 1);
    const next = fetch(`${base}/?name=m`);
    await until(() => started.includes("m"));
    assert.ok(!started.includes("l"), "the client that gave up was never worked on");
    while (held.length) held.shift()!.release();
    await Promise.all([first, next]);
  });
});

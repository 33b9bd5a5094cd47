import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { postToSubgraph } from "../src/subgraph-http-client";

const ANSWER = JSON.stringify({ data: { name: "وزارة الصحة", note: "x".repeat(100_000) } });

/**
 * The gateway's own HTTP/1.1 client against what can sit between it and a subgraph: node:http
 * answering with a length, in chunks, or until it closes; a raw server splitting its answer
 * across writes; a server that hangs up, one that never answers, one that is gone.
 */
describe("subgraph HTTP client (the gateway's own keep-alive connections)", () => {
  const seen: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      const path = req.url ?? "";
      if (path === "/length") {
        res.writeHead(200, { "content-type": "application/json" }).end(ANSWER);
      } else if (path === "/chunked") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(ANSWER.slice(0, 10));
        setTimeout(() => res.end(ANSWER.slice(10)), 20);
      } else if (path === "/close") {
        res.writeHead(200, { "content-type": "application/json", connection: "close" });
        res.write(ANSWER);
        res.end();
      } else if (path === "/refuse") {
        res.writeHead(503, { "content-type": "text/plain" }).end("down");
      } else if (path === "/hang-up") {
        req.socket.destroy();
      }
      // "/silent": no answer at all.
    });
  });
  server.on("connection", () => connections++);
  let base = "";

  /**
   * A server written by hand: `/split` answers in chunked coding (a chunk extension, a trailer)
   * seven bytes at a time; `/until-close` sends no length and ends the connection after the body.
   */
  const rawSockets = new Set<net.Socket>();
  const raw = net.createServer((socket) => {
    rawSockets.add(socket);
    socket.on("close", () => rawSockets.delete(socket));
    socket.on("data", (request: Buffer) => {
      const body = Buffer.from(ANSWER);
      if (request.toString("latin1").startsWith("POST /until-close ")) {
        socket.end(
          Buffer.concat([
            Buffer.from(
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
            ),
            body,
          ]),
        );
        return;
      }
      const text = Buffer.concat([
        Buffer.from(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        ),
        Buffer.from(`${body.length.toString(16)};ext=1\r\n`),
        body,
        Buffer.from("\r\n0\r\nX-Trailer: yes\r\n\r\n"),
      ]);
      let offset = 0;
      const writeSome = () => {
        if (offset < 200) {
          socket.write(text.subarray(offset, offset + 7));
          offset += 7;
          setImmediate(writeSome);
        } else {
          socket.write(text.subarray(offset));
        }
      };
      writeSome();
    });
  });
  let rawUrl = "";

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", () => resolve()));
    rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of rawSockets) socket.destroy();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });

  const post = (path: string, timeoutMs = 2000, signal?: AbortSignal) =>
    postToSubgraph(
      new URL(path, base),
      '{"query":"{ name }"}',
      { accept: "application/json" },
      timeoutMs,
      signal,
    );

  it("reads answers framed by length, in chunks and by the connection's end, whole", async () => {
    for (const path of ["/length", "/chunked", "/close"]) {
      const answer = await post(path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.contentType, "application/json", path);
      assert.equal(answer.body.toString(), ANSWER, path);
    }
    const split = await postToSubgraph(new URL("/split", rawUrl), "{}", {}, 2000);
    assert.equal(split.body.toString(), ANSWER, "a chunked answer arriving seven bytes at a time");
    const untilClose = await postToSubgraph(new URL("/until-close", rawUrl), "{}", {}, 2000);
    assert.equal(untilClose.body.toString(), ANSWER, "an answer that ends with its connection");
  });

  it("sends the body with its byte length and the headers given, and keeps the connection", async () => {
    seen.length = 0;
    const before = connections;
    const body = JSON.stringify({ query: "{ name }", variables: { name: "الصحة" } });
    for (let i = 0; i < 5; i++) {
      await postToSubgraph(new URL("/length", base), body, { "x-request-id": `r-${i}` }, 2000);
    }
    assert.deepEqual(
      seen.map((request) => request.body),
      Array.from({ length: 5 }, () => body),
    );
    assert.equal(seen[4]!.headers["x-request-id"], "r-4");
    assert.equal(seen[4]!.headers["content-length"], String(Buffer.byteLength(body)));
    assert.ok(connections - before <= 1, "five calls in a row reuse one connection");
  });

  it("refuses a header value that would start a new header", async () => {
    await assert.rejects(
      postToSubgraph(
        new URL("/length", base),
        "{}",
        { "accept-language": "ar\r\nx-gcn-identity: forged" },
        2000,
      ),
      /invalid value for header accept-language/,
    );
  });

  it("passes a refusal on, and fails on a hang-up, a deadline and an abort", async () => {
    const refused = await post("/refuse");
    assert.equal(refused.status, 503);
    assert.equal(refused.body.toString(), "down");
    await assert.rejects(post("/hang-up"), /hang up|closed|ECONNRESET/);
    await assert.rejects(post("/silent", 200), /timeout: no answer within 200 ms/);
    const aborted = new AbortController();
    const call = post("/silent", 5000, aborted.signal);
    setTimeout(() => aborted.abort(), 50);
    await assert.rejects(call, /aborted/);
    // The connections those broke are not reused: the next call is answered.
    assert.equal((await post("/length")).body.toString(), ANSWER);
  });

  it("fails at once when nothing listens", async () => {
    const gone = net.createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", () => resolve()));
    const port = (gone.address() as AddressInfo).port;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    await assert.rejects(
      postToSubgraph(new URL(`http://127.0.0.1:${port}/graphql`), "{}", {}, 2000),
      /ECONNREFUSED|closed/,
    );
  });
});

import net from "node:net";
import type { CancelSignal } from "./cancel-signal";

/** An HTTP answer read off a connection: status, headers (names in lower case), body bytes. */
export interface Http1Response {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
  /** Whether the connection may carry another request. */
  reusable: boolean;
}

const HEAD_END = Buffer.from("\r\n\r\n");
const LINE_END = Buffer.from("\r\n");
/** A head larger than this is no subgraph's answer. */
const MAX_HEAD_BYTES = 64 * 1024;

class MalformedResponse extends Error {}

/**
 * Reads one HTTP/1.1 response from the bytes a connection delivers: the head, then a body
 * framed by Content-Length, by chunked transfer coding, or by the connection's end. Body bytes
 * are kept as they arrive (a large answer is copied once, at the end).
 */
class ResponseReader {
  /** Bytes not yet read: the head so far, or a chunked body's framing. */
  private pending: Buffer = Buffer.alloc(0);
  private head?: { status: number; headers: Map<string, string>; reusable: boolean };
  private framing: "length" | "chunked" | "close" = "close";
  /** Body bytes still due: of the whole body (length), or of the current chunk (chunked). */
  private remaining = 0;
  private readonly body: Buffer[] = [];
  /** In a chunked body: a size line, a chunk's data, the line end after it, the trailers. */
  private chunkState: "size" | "data" | "data-end" | "trailers" = "size";

  /** Feeds bytes; returns the response once it is complete. */
  push(chunk: Buffer): Http1Response | undefined {
    if (!this.head) {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      if (!this.readHead()) return undefined;
      chunk = this.pending;
      this.pending = Buffer.alloc(0);
      if (this.framing === "length" && this.remaining === 0) return this.complete();
    }
    if (this.framing === "close") {
      this.body.push(chunk);
      return undefined;
    }
    if (this.framing === "length") {
      const taken = Math.min(this.remaining, chunk.length);
      this.body.push(taken === chunk.length ? chunk : chunk.subarray(0, taken));
      this.remaining -= taken;
      return this.remaining === 0 ? this.complete() : undefined;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.readChunks();
  }

  /** The response of a body framed by the connection's end, once it has ended. */
  end(): Http1Response | undefined {
    if (!this.head || this.framing !== "close") return undefined;
    return this.complete();
  }

  private readHead(): boolean {
    const end = this.pending.indexOf(HEAD_END);
    if (end < 0) {
      if (this.pending.length > MAX_HEAD_BYTES) throw new MalformedResponse("head too large");
      return false;
    }
    const lines = this.pending.toString("latin1", 0, end).split("\r\n");
    this.pending = this.pending.subarray(end + HEAD_END.length);
    const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? "");
    if (!statusLine) throw new MalformedResponse("not an HTTP/1.x status line");
    const status = Number(statusLine[2]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers.get(name);
      headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue): the real one follows on the same connection.
      return this.pending.length > 0 ? this.readHead() : false;
    }
    const connection = headers.get("connection")?.toLowerCase() ?? "";
    let reusable =
      statusLine[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    if (status === 204 || status === 304) {
      // No body, whatever the head says.
      this.framing = "length";
      this.remaining = 0;
    } else if (headers.get("transfer-encoding")?.toLowerCase().includes("chunked")) {
      this.framing = "chunked";
    } else if (headers.has("content-length")) {
      this.framing = "length";
      this.remaining = Number(headers.get("content-length"));
      if (!Number.isSafeInteger(this.remaining) || this.remaining < 0) {
        throw new MalformedResponse("bad content-length");
      }
    } else {
      this.framing = "close";
      reusable = false;
    }
    this.head = { status, headers, reusable };
    return true;
  }

  private readChunks(): Http1Response | undefined {
    for (;;) {
      if (this.chunkState === "data") {
        if (this.pending.length === 0) return undefined;
        const taken = Math.min(this.remaining, this.pending.length);
        this.body.push(this.pending.subarray(0, taken));
        this.pending = this.pending.subarray(taken);
        this.remaining -= taken;
        if (this.remaining === 0) this.chunkState = "data-end";
        continue;
      }
      const end = this.pending.indexOf(LINE_END);
      if (end < 0) return undefined;
      const line = this.pending.toString("latin1", 0, end);
      this.pending = this.pending.subarray(end + LINE_END.length);
      if (this.chunkState === "data-end") {
        if (line !== "") throw new MalformedResponse("no line end after a chunk");
        this.chunkState = "size";
      } else if (this.chunkState === "size") {
        const size = parseInt(line.split(";", 1)[0]!.trim(), 16);
        if (!Number.isSafeInteger(size) || size < 0) throw new MalformedResponse("bad chunk size");
        this.remaining = size;
        this.chunkState = size === 0 ? "trailers" : "data";
      } else if (line === "") {
        // The empty line that ends the trailers (which are not read).
        return this.complete();
      }
    }
  }

  private complete(): Http1Response {
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    return { ...this.head!, body };
  }
}

/** How long an unused connection is kept (the subgraphs keep theirs 65 s). */
const IDLE_MS = 30_000;

/**
 * Keep-alive HTTP/1.1 connections to one subgraph, written and read directly: one write per
 * request (head and body together), a small response reader, no per-request ClientRequest,
 * agent bookkeeping or response stream. On the gateway's hot path these cost more than the
 * gateway's own work on a small query. At most `maxConnections` are open; requests beyond
 * wait for one in order.
 */
export class Http1ConnectionPool {
  private readonly idle: net.Socket[] = [];
  private readonly waiting: ((socket: net.Socket) => void)[] = [];
  private open = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxConnections = 256,
  ) {}

  private connect(): net.Socket {
    this.open++;
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    socket.once("close", () => {
      this.open--;
      const index = this.idle.indexOf(socket);
      if (index >= 0) this.idle.splice(index, 1);
      // A place is free: a waiting request gets a new connection.
      const next = this.waiting.shift();
      if (next) next(this.connect());
    });
    // Errors end in "close"; the request using the socket hears them itself.
    socket.on("error", () => undefined);
    // Armed only while the connection is unused (release); a request's deadline is its own.
    socket.on("timeout", () => socket.destroy());
    return socket;
  }

  private acquire(): net.Socket | Promise<net.Socket> {
    for (;;) {
      const socket = this.idle.pop();
      if (!socket) break;
      if (socket.destroyed || !socket.writable) continue;
      socket.setTimeout(0);
      socket.ref();
      return socket;
    }
    if (this.open < this.maxConnections) return this.connect();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(socket: net.Socket): void {
    const next = this.waiting.shift();
    if (next) {
      next(socket);
      return;
    }
    socket.setTimeout(IDLE_MS);
    // An unused connection does not keep the process alive.
    socket.unref();
    this.idle.push(socket);
  }

  /** Sends `request` (head and body) and reads the answer; rejects on a broken connection. */
  async exchange(
    request: string,
    timeoutMs: number,
    signal?: CancelSignal,
  ): Promise<Http1Response> {
    const acquired = this.acquire();
    const socket = acquired instanceof net.Socket ? acquired : await acquired;
    return new Promise<Http1Response>((resolve, reject) => {
      const reader = new ResponseReader();
      let settled = false;
      const finish = (error: Error | undefined, response?: Http1Response) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        socket.off("data", onData);
        socket.off("end", onEnd);
        socket.off("close", onClose);
        socket.off("error", onError);
        if (error || !response) {
          socket.destroy();
          reject(error ?? new Error("the connection closed before the answer"));
          return;
        }
        if (response.reusable) this.release(socket);
        else socket.destroy();
        resolve(response);
      };
      const onData = (chunk: Buffer) => {
        try {
          const response = reader.push(chunk);
          if (response) finish(undefined, response);
        } catch (error) {
          finish(error as Error);
        }
      };
      const onEnd = () => finish(undefined, reader.end());
      const onClose = () => finish(new Error("socket hang up: the connection closed"));
      const onError = (error: Error) => finish(error);
      const onAbort = () => finish(new Error("aborted: nobody waits for the answer"));
      const timer = setTimeout(
        () => finish(new Error(`timeout: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.on("data", onData);
      socket.once("end", onEnd);
      socket.once("close", onClose);
      socket.once("error", onError);
      socket.write(request);
    });
  }
}

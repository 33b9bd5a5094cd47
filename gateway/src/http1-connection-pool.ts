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
/** No bytes (shared: nothing can be written into an empty buffer). */
const NO_BYTES = Buffer.alloc(0);
const LINE_END = Buffer.from("\r\n");
/** A head larger than this is no subgraph's answer. */
const MAX_HEAD_BYTES = 64 * 1024;

class MalformedResponse extends Error {}

/** An ASCII digit's code (NaN, past the end of a text, is none). */
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Reads one HTTP/1.1 response from the bytes a connection delivers: the head, then a body
 * framed by Content-Length, by chunked transfer coding, or by the connection's end. Body bytes
 * are kept as they arrive (a large answer is copied once, at the end).
 */
class ResponseReader {
  /** Bytes not yet read: the head so far, or a chunked body's framing. */
  private pending: Buffer = NO_BYTES;
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
      this.pending = NO_BYTES;
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
    const head = this.pending.toString("latin1", 0, end);
    this.pending = this.pending.subarray(end + HEAD_END.length);
    // "HTTP/1.x NNN", read in place: no regular expression or split for every answer.
    const minor = head.charCodeAt(7);
    if (
      !head.startsWith("HTTP/1.") ||
      (minor !== 0x30 && minor !== 0x31) ||
      head.charCodeAt(8) !== 0x20 ||
      !isDigit(head.charCodeAt(9)) ||
      !isDigit(head.charCodeAt(10)) ||
      !isDigit(head.charCodeAt(11))
    ) {
      throw new MalformedResponse("not an HTTP/1.x status line");
    }
    const status = Number(head.slice(9, 12));
    const headers = new Map<string, string>();
    let lineStart = head.indexOf("\r\n");
    while (lineStart >= 0) {
      lineStart += 2;
      const next = head.indexOf("\r\n", lineStart);
      const lineEnd = next < 0 ? head.length : next;
      const colon = head.indexOf(":", lineStart);
      if (colon > lineStart && colon < lineEnd) {
        const name = head.slice(lineStart, colon).trim().toLowerCase();
        const value = head.slice(colon + 1, lineEnd).trim();
        const earlier = headers.get(name);
        headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
      }
      lineStart = next;
    }
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue): the real one follows on the same connection.
      return this.pending.length > 0 ? this.readHead() : false;
    }
    const connection = headers.get("connection")?.toLowerCase() ?? "";
    let reusable =
      minor === 0x31 ? !connection.includes("close") : connection.includes("keep-alive");
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
    // Spelled out: a spread of the head took a slow runtime path for every answer.
    const { status, headers, reusable } = this.head!;
    return { status, headers, reusable, body };
  }
}

/** How long an unused connection is kept (the subgraphs keep theirs 65 s). */
const IDLE_MS = 30_000;

/** What a connection's events are handed to while it carries an exchange. */
interface ExchangeListener {
  data(chunk: Buffer): void;
  end(): void;
  failed(error: Error): void;
}

/**
 * A connection and the exchange it carries now, if any. Its socket's listeners are attached
 * once, when it connects, and hand each event to the current exchange. Adding and removing
 * four listeners per request, and setting the socket's idle timer and its ref again on every
 * acquire and release, showed in a small query's CPU profile beside the reading of its answer.
 */
interface Connection {
  socket: net.Socket;
  exchange?: ExchangeListener;
}

/**
 * Keep-alive HTTP/1.1 connections to one subgraph, written and read directly: one write per
 * request (head and body together), a small response reader, no per-request ClientRequest,
 * agent bookkeeping or response stream. On the gateway's hot path these cost more than the
 * gateway's own work on a small query. At most `maxConnections` are open; requests beyond
 * wait for one in order.
 */
export class Http1ConnectionPool {
  private readonly idle: Connection[] = [];
  private readonly waiting: ((connection: Connection) => void)[] = [];
  private open = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxConnections = 256,
  ) {}

  private connect(): Connection {
    this.open++;
    const socket = net.connect({ host: this.host, port: this.port });
    const connection: Connection = { socket };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    // A connection does not keep the process alive: an exchange's own deadline timer does.
    socket.unref();
    // Fires after IDLE_MS without traffic; a connection carrying a slow answer is kept.
    socket.setTimeout(IDLE_MS);
    socket.on("timeout", () => {
      if (!connection.exchange) socket.destroy();
    });
    socket.on("data", (chunk: Buffer) => {
      // Bytes nobody asked for: what the connection carries next cannot be trusted.
      if (connection.exchange) connection.exchange.data(chunk);
      else socket.destroy();
    });
    socket.on("end", () => connection.exchange?.end());
    // Errors end in "close"; the exchange hears the error itself, first.
    socket.on("error", (error: Error) => connection.exchange?.failed(error));
    socket.once("close", () => {
      connection.exchange?.failed(new Error("socket hang up: the connection closed"));
      this.open--;
      const index = this.idle.indexOf(connection);
      if (index >= 0) this.idle.splice(index, 1);
      // A place is free: a waiting request gets a new connection.
      const next = this.waiting.shift();
      if (next) next(this.connect());
    });
    return connection;
  }

  private acquire(): Connection | Promise<Connection> {
    for (;;) {
      const connection = this.idle.pop();
      if (!connection) break;
      if (connection.socket.destroyed || !connection.socket.writable) continue;
      return connection;
    }
    if (this.open < this.maxConnections) return this.connect();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }

  /** Sends `request` (head and body) and reads the answer; rejects on a broken connection. */
  async exchange(
    request: string,
    timeoutMs: number,
    signal?: CancelSignal,
  ): Promise<Http1Response> {
    const acquired = this.acquire();
    const connection = acquired instanceof Promise ? await acquired : acquired;
    const { socket } = connection;
    return new Promise<Http1Response>((resolve, reject) => {
      const reader = new ResponseReader();
      const finish = (error: Error | undefined, response?: Http1Response) => {
        if (connection.exchange !== listener) return;
        connection.exchange = undefined;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error || !response) {
          socket.destroy();
          reject(error ?? new Error("the connection closed before the answer"));
          return;
        }
        if (response.reusable) this.release(connection);
        else socket.destroy();
        resolve(response);
      };
      const listener: ExchangeListener = {
        data(chunk) {
          try {
            const response = reader.push(chunk);
            if (response) finish(undefined, response);
          } catch (error) {
            finish(error as Error);
          }
        },
        end: () => finish(undefined, reader.end()),
        failed: (error) => finish(error),
      };
      const onAbort = () => finish(new Error("aborted: nobody waits for the answer"));
      connection.exchange = listener;
      const timer = setTimeout(
        () => finish(new Error(`timeout: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.write(request);
    });
  }
}

import https from "node:https";
import { Http1ConnectionPool } from "./http1-connection-pool";
import type { CancelSignal } from "./cancel-signal";

export interface SubgraphHttpResponse {
  status: number;
  contentType: string;
  cacheControl?: string;
  /**
   * The body's bytes, decoded only when parsed. Kept as bytes while a request runs (its calls
   * are kept for a handover to Apollo's executor): a Buffer lies outside the JavaScript heap,
   * where a month page's answers held as text were copied by every young-generation collection
   * and then promoted.
   */
  body: Buffer;
}

/** Whether a subgraph's answer is GraphQL's JSON (either of its media types). */
export function isJsonContentType(contentType: string): boolean {
  return (
    contentType.startsWith("application/json") ||
    contentType.startsWith("application/graphql-response+json")
  );
}

/** Connections to subgraphs over HTTPS stay open between requests. */
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

/** The plain-HTTP connection pool of each subgraph origin (the gateway calls a few hosts). */
const pools = new Map<string, Http1ConnectionPool>();

/** What node:http refuses in a header value too (a line break would start a new header). */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function poolOf(url: URL): Http1ConnectionPool {
  let pool = pools.get(url.origin);
  if (!pool) {
    pool = new Http1ConnectionPool(url.hostname.replace(/^\[|\]$/g, ""), Number(url.port || 80));
    pools.set(url.origin, pool);
  }
  return pool;
}

/** Where a plain-HTTP URL's requests go, and the start of each request's head. */
interface PlainTarget {
  pool: Http1ConnectionPool;
  /** `POST <path> HTTP/1.1` and the host line. */
  requestLine: string;
}

/**
 * Read once per URL object (a data source keeps its own): URL's getters make a new string on
 * every read, and a request read four of them.
 */
const plainTargets = new WeakMap<URL, PlainTarget>();

/** The request's head and body as one string, written in one go. */
function requestText(requestLine: string, body: string, headers: Record<string, string>): string {
  let head = requestLine;
  for (const name in headers) {
    const value = headers[name]!;
    if (INVALID_HEADER_VALUE.test(value)) throw new Error(`invalid value for header ${name}`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/**
 * One POST to a subgraph with a deadline. Plain HTTP (subgraphs inside the deployment) goes
 * through the gateway's own keep-alive connections (Http1ConnectionPool: one write per
 * request, a small response reader), which cost a small query a fraction of what node:http's
 * client does; HTTPS through node:https with a keep-alive agent.
 */
export async function postToSubgraph(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  /** Aborting it closes the connection (nobody waits for the answer any more). */
  signal?: CancelSignal,
): Promise<SubgraphHttpResponse> {
  if (signal?.aborted) throw new Error("aborted before it was sent");
  let target = plainTargets.get(url);
  if (!target) {
    if (url.protocol === "https:") return postOverHttps(url, body, headers, timeoutMs, signal);
    if (url.protocol !== "http:")
      throw new Error(`Unsupported subgraph URL protocol ${url.protocol}`);
    target = {
      pool: poolOf(url),
      requestLine: `POST ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`,
    };
    plainTargets.set(url, target);
  }
  const request = requestText(target.requestLine, body, headers);
  const response = await target.pool.exchange(request, timeoutMs, signal);
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    cacheControl: response.headers.get("cache-control"),
    body: response.body,
  };
}

function postOverHttps(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal?: CancelSignal,
): Promise<SubgraphHttpResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: "POST",
        agent: httpsAgent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers["content-type"] ?? ""),
            cacheControl: response.headers["cache-control"],
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`timeout: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => request.destroy(new Error("aborted: nobody waits for the answer"));
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    request.end(body);
  });
}

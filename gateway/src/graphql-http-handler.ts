import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from "@apollo/server";
import { getOperationAST, parse } from "graphql";
import type { ErrorCode, Logger } from "@gcn/shared";
import { anonymousRefusal } from "./anonymous-access";
import type { AdmissionQueue } from "./admission-queue";
import type { GatewayContext } from "./gateway-context";
import { wantsEventStream } from "./subscriptions/sse-transport";
import { parseOptionsFor, QUERY_LIMITS } from "./query-limits";
import { SUBSCRIPTIONS_OVER_HTTP } from "./request-errors.plugin";

/** Request bodies up to this size are read (a recordMetrics call of 10,000 samples is ~1.5 MB). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * A larger body is still read, and thrown away, up to this size before its 413 is sent: a client
 * that is still sending when the connection closes reads a broken pipe instead of the answer.
 * Past it the connection is closed at once.
 */
export const DISCARD_BODY_BYTES = 64 * 1024 * 1024;

export interface GraphQLHttpOptions {
  apollo: ApolloServer<GatewayContext>;
  admission: AdmissionQueue;
  context: (req: IncomingMessage, res: ServerResponse) => Promise<GatewayContext>;
  /** Whether a caller without a token may run introspection (explorers before login). */
  introspection: boolean;
  logger: Logger;
  /**
   * Serves a subscription over Server-Sent Events (`Accept: text/event-stream`): outside the
   * admission queue, since a stream lasts as long as its subscriber.
   */
  eventStream?: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `/graphql`, `/graphql/` and either with a query string. */
export function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith("/graphql")) return false;
  const rest = url.slice("/graphql".length);
  return rest === "" || rest[0] === "?" || rest === "/" || rest.startsWith("/?");
}

/** A GraphQL-shaped error answer written by the gateway itself (before Apollo Server runs). */
export function sendCodedError(
  res: ServerResponse,
  status: number,
  message: string,
  code: ErrorCode,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Reads and drops the rest of a body that is too large, so that its sender reads the 413; true
 * when the body ended within DISCARD_BODY_BYTES, false when the sender went past it.
 */
function discardRest(req: IncomingMessage, alreadyRead: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (req.readableEnded) {
      resolve(true);
      return;
    }
    let size = alreadyRead;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > DISCARD_BODY_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve(false);
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(true));
    req.once("error", () => resolve(false));
    req.resume();
  });
}

/** Answers 413 once the oversized body is read (or closes past the discard bound). */
async function refuseOversized(req: IncomingMessage, res: ServerResponse, read: number) {
  const declared = Number(req.headers["content-length"]);
  const ended = declared > DISCARD_BODY_BYTES ? false : await discardRest(req, read);
  // The connection is not worth keeping for a client that sends bodies this large.
  res.setHeader("connection", "close");
  sendCodedError(
    res,
    413,
    `The request body is larger than ${MAX_BODY_BYTES} bytes`,
    "BODY_TOO_LARGE",
  );
  if (!ended) res.once("finish", () => req.socket.destroy());
}

/** The body, or how much was read of it once it went past `maxBytes` (answered with 413). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | number> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        req.off("end", onEnd);
        resolve(size);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/** Thrown by `bodyOf` when a body goes past MAX_BODY_BYTES, with what was read of it. */
class OversizedBody extends Error {
  constructor(readonly bytesRead: number) {
    super("oversized body");
  }
}

/** The body as Apollo Server expects it: parsed JSON, or nothing for other content types. */
async function bodyOf(req: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const raw = await readBody(req, maxBodyBytes);
  if (typeof raw === "number") throw new OversizedBody(raw);
  // Apollo Server refuses non-JSON posts itself (CSRF prevention, then "POST body missing").
  if (!isJson(req.headers["content-type"]) || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new HttpRefusal(400, "BAD_REQUEST", "The request body is not valid JSON");
  }
}

/** The query document of a POST body or of a GET's `?query=`, and whether it is persisted. */
function documentOf(req: IncomingMessage, body: unknown, search: string) {
  if (req.method === "POST") {
    const request = body as { query?: unknown; extensions?: { persistedQuery?: unknown } } | null;
    return { query: request?.query, persisted: request?.extensions?.persistedQuery !== undefined };
  }
  const params = new URLSearchParams(search);
  return {
    query: params.get("query") ?? undefined,
    persisted: params.get("extensions")?.includes("persistedQuery") ?? false,
  };
}

function operationNameOf(req: IncomingMessage, body: unknown, search: string): string | undefined {
  const name =
    req.method === "POST"
      ? (body as { operationName?: unknown } | null)?.operationName
      : new URLSearchParams(search).get("operationName");
  return typeof name === "string" ? name : undefined;
}

/** Whether the operation to run is a subscription (the word is looked for before any parse). */
function isSubscription(query: unknown, operationName: string | undefined): boolean {
  if (typeof query !== "string" || !query.includes("subscription")) return false;
  try {
    return (
      getOperationAST(parse(query, parseOptionsFor()), operationName)?.operation === "subscription"
    );
  } catch {
    // Apollo Server answers what does not parse, with its own coded error.
    return false;
  }
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === "complete") {
    // One write: headers and body leave together with a Content-Length.
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Serves /graphql straight on node:http. Express's router, body-parser and async middleware
 * chain cost the gateway more than its own work on a small query (P1 through the gateway went
 * from about 1,300 to 1,870 req/s without them); the other routes (health, readiness, metrics,
 * the explorer) stay on Express. Everything Express gave this route is here: the admission
 * queue, a 16 MB body limit, the 100 kB document limit, JSON parsing with a coded error, and
 * the refusal of anonymous callers before any validation; CSRF
 * prevention, batching refusal and content negotiation are Apollo Server's own.
 */
export function graphqlHttpHandler(options: GraphQLHttpOptions) {
  const maxDocumentBytes = QUERY_LIMITS.maxDocumentBytes;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await bodyOf(req, MAX_BODY_BYTES);
      const url = req.url ?? "";
      const queryStart = url.indexOf("?");
      const search = queryStart >= 0 ? url.slice(queryStart) : "";
      const { query, persisted } = documentOf(req, body, search);
      if (typeof query === "string" && Buffer.byteLength(query, "utf8") > maxDocumentBytes) {
        throw new HttpRefusal(
          413,
          "DOCUMENT_TOO_LARGE",
          `The query document is larger than ${maxDocumentBytes} bytes`,
        );
      }
      // A subscription is no plain HTTP request, with or without a token: say where it is served.
      if (isSubscription(query, operationNameOf(req, body, search))) {
        throw new HttpRefusal(400, "OPERATION_NOT_SUPPORTED", SUBSCRIPTIONS_OVER_HTTP);
      }
      // Before Apollo parses or validates anything: validation messages describe the schema.
      if (!req.headers.authorization) {
        const refusal = anonymousRefusal(query, options.introspection, persisted);
        if (refusal) throw new HttpRefusal(401, "UNAUTHENTICATED", refusal);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? "GET",
          headers: headerMapOf(req),
          search,
          body,
        },
        context: () => options.context(req, res),
      });
      await writeResponse(res, response);
    } catch (error) {
      if (error instanceof OversizedBody) {
        await refuseOversized(req, res, error.bytesRead);
        return;
      }
      if (error instanceof HttpRefusal) {
        sendCodedError(res, error.status, error.message, error.code);
        return;
      }
      options.logger.error({ err: error }, "could not answer a GraphQL request");
      sendCodedError(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
    }
  };

  const streamEvents = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await options.eventStream!(req, res, await bodyOf(req, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof OversizedBody) await refuseOversized(req, res, error.bytesRead);
      else if (error instanceof HttpRefusal)
        sendCodedError(res, error.status, error.message, error.code);
      else {
        options.logger.error({ err: error }, "could not serve an event stream");
        sendCodedError(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
      }
    }
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    // A body declared too large is refused without taking one of the admitted places.
    if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
      void refuseOversized(req, res, 0);
      return;
    }
    if (options.eventStream && wantsEventStream(req)) {
      void streamEvents(req, res);
      return;
    }
    options.admission.admit(res, () => {
      void handle(req, res);
    });
  };
}

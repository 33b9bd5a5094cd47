import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from "@apollo/server";
import { getOperationAST, parse } from "graphql";
import { REQUEST_ID_HEADER, type ErrorCode, type Logger } from "@gcn/shared";
import { anonymousRefusal } from "./anonymous-access";
import type { AdmissionQueue } from "./admission-queue";
import type { GatewayContext } from "./gateway-context";
import { sharedAnswerOf, type SharedAnswer, type SharedOperations } from "./shared-operations";
import type { PlannedOperations } from "./planned/planned-operations";
import { wantsEventStream } from "./subscriptions/sse-transport";
import { parseOptionsFor, QUERY_LIMITS } from "./query-limits";
import { SUBSCRIPTIONS_OVER_HTTP } from "./request-errors.plugin";
import { hangUpSignalOf, type CancelSignal } from "./cancel-signal";
import { utf8BytesOf } from "./utf8-bytes";

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
  /**
   * The request's context, at once when it can be made without waiting; rejects for a token
   * that does not verify. `signal`: what aborts the run's subgraph fetches when it is not the
   * client's own hang-up.
   */
  context: (
    req: IncomingMessage,
    res: ServerResponse,
    signal?: CancelSignal,
  ) => GatewayContext | Promise<GatewayContext>;
  /** Identical query operations in flight at once run once (GATEWAY_DEDUPLICATE). */
  sharing?: SharedOperations;
  /** Queries answered before run past Apollo Server (GATEWAY_FAST_PATH). */
  planned?: PlannedOperations;
  /** The request id of a request that never reaches Apollo Server (it shared another's run). */
  requestIdOf: (req: IncomingMessage) => string;
  /** Whether a caller without a token may run introspection (explorers before login). */
  introspection: boolean;
  logger: Logger;
  /**
   * Serves a subscription over Server-Sent Events (`Accept: text/event-stream`): outside the
   * admission queue, since a stream lasts as long as its subscriber.
   */
  eventStream?: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
}

/** Bodies up to this size are read before the admission queue, to find an identical run. */
const PREREAD_BODY_BYTES = 256 * 1024;

/** A request read and checked, ready for Apollo Server; `share` when it may share a run. */
interface Prepared {
  body: unknown;
  search: string;
  share?: { key: string; operationName?: string };
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
  const end = contentType.indexOf(";");
  const type = (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
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
  return (await jsonBodyOf(req, maxBodyBytes)).body;
}

/** The parsed body and the text it was parsed from (undefined when it was not JSON). */
async function jsonBodyOf(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<{ body: unknown; raw?: string }> {
  if (req.method !== "POST") return { body: undefined };
  const bytes = await readBody(req, maxBodyBytes);
  if (typeof bytes === "number") throw new OversizedBody(bytes);
  // Apollo Server refuses non-JSON posts itself (CSRF prevention, then "POST body missing").
  if (!isJson(req.headers["content-type"]) || bytes.length === 0) return { body: undefined };
  const raw = bytes.toString("utf8");
  try {
    return { body: JSON.parse(raw) as unknown, raw };
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

/** Writes an answer made once for several callers (each has its own request id already). */
function writeSharedAnswer(res: ServerResponse, answer: SharedAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.end(answer.bytes);
}

/** Writes an answer: at once when it is complete, else as its chunks come (a stream). */
function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> | void {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === "complete") {
    // One write: headers and body leave together with a Content-Length.
    res.end(utf8BytesOf(response.body.string));
    return;
  }
  return writeChunks(res, response.body.asyncIterator);
}

async function writeChunks(res: ServerResponse, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) res.write(chunk);
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

  /** Reads the body and makes every check that comes before Apollo Server; throws refusals. */
  const prepare = async (req: IncomingMessage): Promise<Prepared> => {
    const { body, raw } = await jsonBodyOf(req, MAX_BODY_BYTES);
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
    const operationName = operationNameOf(req, body, search);
    // A subscription is no plain HTTP request, with or without a token: say where it is served.
    if (isSubscription(query, operationName)) {
      throw new HttpRefusal(400, "OPERATION_NOT_SUPPORTED", SUBSCRIPTIONS_OVER_HTTP);
    }
    // Before Apollo parses or validates anything: validation messages describe the schema.
    if (!req.headers.authorization) {
      const refusal = anonymousRefusal(query, options.introspection, persisted);
      if (refusal) throw new HttpRefusal(401, "UNAUTHENTICATED", refusal);
    }
    const share = options.sharing ? await options.sharing.keyOf(req, raw, body) : undefined;
    return { body, search, share };
  };

  /**
   * Answers the request: on the planned path when it takes it, else (and whenever the planned
   * path hands over) through Apollo Server, with the same context and the calls already made.
   */
  const execute = async (
    req: IncomingMessage,
    res: ServerResponse,
    prepared: Prepared,
    signal?: CancelSignal,
  ): Promise<HTTPGraphQLResponse> => {
    const { planned } = options;
    const request = planned?.requestOf(req, prepared.body);
    let context: GatewayContext | undefined;
    if (request) {
      // A token that does not verify is answered by Apollo Server, with its coded error.
      const made = options.context(req, res, signal);
      context = made instanceof Promise ? await made.catch(() => undefined) : made;
      if (context?.identity) {
        const answer = await planned!.answer(request, context);
        if (answer) return answer;
      }
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? "GET",
        headers: headerMapOf(req),
        search: prepared.search,
        body: prepared.body,
      },
      context: () => Promise.resolve(context ?? options.context(req, res, signal)),
    });
    planned?.learnMediaType(req, response);
    return response;
  };

  const answerFailure = async (
    req: IncomingMessage,
    res: ServerResponse,
    error: unknown,
    what = "answer a GraphQL request",
  ) => {
    if (error instanceof OversizedBody) {
      await refuseOversized(req, res, error.bytesRead);
      return;
    }
    if (error instanceof HttpRefusal) {
      sendCodedError(res, error.status, error.message, error.code);
      return;
    }
    if (error instanceof Error && error.name === "AbortError") {
      // The client hung up while its answer was being made: nobody is left to tell.
      res.destroy();
      return;
    }
    options.logger.error({ err: error }, `could not ${what}`);
    sendCodedError(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
  };

  /** The request read and checked, or undefined once its refusal has been answered. */
  const prepareOrAnswer = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      return await prepare(req);
    } catch (error) {
      await answerFailure(req, res, error);
      return undefined;
    }
  };

  /**
   * Runs the request, or waits on the identical one in flight. The run is made with the
   * group's signal, so that one caller hanging up does not cancel the others' fetches.
   */
  const run = async (req: IncomingMessage, res: ServerResponse, prepared: Prepared) => {
    try {
      const { sharing } = options;
      if (!sharing || !prepared.share) {
        await writeResponse(res, await execute(req, res, prepared));
        return;
      }
      const started = process.hrtime.bigint();
      let own: HTTPGraphQLResponse | undefined;
      const call = sharing.inFlight.join(
        prepared.share.key,
        async (signal) => {
          own = await execute(req, res, prepared, signal);
          return sharedAnswerOf(own);
        },
        hangUpSignalOf(res),
      );
      const answer = await call.result;
      if (!call.shared) {
        // The one who ran it writes Apollo Server's own answer: the bytes encoded for the
        // others, or the stream it was.
        if (answer) writeSharedAnswer(res, answer);
        else await writeResponse(res, own!);
        return;
      }
      if (!answer) {
        // The run's answer was a stream, which cannot be written twice: run this one alone.
        await writeResponse(res, await execute(req, res, prepared));
        return;
      }
      res.setHeader(REQUEST_ID_HEADER, options.requestIdOf(req));
      writeSharedAnswer(res, answer);
      sharing.answeredByShare(
        prepared.share.operationName,
        answer,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    } catch (error) {
      await answerFailure(req, res, error);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const prepared = await prepareOrAnswer(req, res);
    if (prepared) await run(req, res, prepared);
  };

  const streamEvents = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await options.eventStream!(req, res, await bodyOf(req, MAX_BODY_BYTES));
    } catch (error) {
      await answerFailure(req, res, error, "serve an event stream");
    }
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const declared = Number(req.headers["content-length"]);
    // A body declared too large is refused without taking one of the admitted places.
    if (declared > MAX_BODY_BYTES) {
      void refuseOversized(req, res, 0);
      return;
    }
    if (options.eventStream && wantsEventStream(req)) {
      void streamEvents(req, res);
      return;
    }
    if (
      options.sharing &&
      req.method === "POST" &&
      req.headers.authorization &&
      declared <= PREREAD_BODY_BYTES
    ) {
      // A small body is read before the admission queue: a request that can wait on an
      // identical one already running costs almost nothing, and takes no place in the queue.
      void (async () => {
        const prepared = await prepareOrAnswer(req, res);
        if (!prepared) return;
        if (prepared.share && options.sharing!.inFlight.has(prepared.share.key)) {
          await run(req, res, prepared);
          return;
        }
        options.admission.admit(res, () => {
          void run(req, res, prepared);
        });
      })();
      return;
    }
    options.admission.admit(res, () => {
      void handle(req, res);
    });
  };
}

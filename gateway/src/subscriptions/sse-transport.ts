import type { IncomingMessage, ServerResponse } from "node:http";
import { coded, type Logger } from "@gcn/shared";
import type { ExecutionResult, GraphQLFormattedError } from "graphql";
import type { JwtVerifier } from "../auth/jwt-verifier";
import { sendCodedError } from "../graphql-http-handler";
import { subscriberOf } from "./subscriber-auth";
import type { SubscriptionRequest, SubscriptionService } from "./subscription-service";

/** A request for GraphQL over Server-Sent Events (graphql-sse's distinct connections mode). */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").includes("text/event-stream");
}

const KEEP_ALIVE_MS = 12_000;

function write(res: ServerResponse, text: string): Promise<void> {
  // Waits for the socket to take it: a subscriber that does not read stops the stream here, so
  // its changes pile up behind it until it is cut off (SLOW_CONSUMER), not in this buffer.
  return res.write(text) ? Promise.resolve() : new Promise((resolve) => res.once("drain", resolve));
}

const nextEvent = (result: ExecutionResult | { errors: readonly GraphQLFormattedError[] }) => {
  const cursor = (result as ExecutionResult).extensions?.cursor;
  const id = typeof cursor === "string" ? `id: ${cursor}\n` : "";
  return `${id}event: next\ndata: ${JSON.stringify(result)}\n\n`;
};

function requestOf(req: IncomingMessage, body: unknown): SubscriptionRequest {
  if (req.method === "POST") {
    const request = (body ?? {}) as Partial<SubscriptionRequest>;
    if (typeof request.query !== "string") {
      throw coded("BAD_REQUEST", "The body must be JSON with a query");
    }
    return request as SubscriptionRequest;
  }
  const params = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
  const query = params.get("query");
  if (!query) throw coded("BAD_REQUEST", "?query= is required");
  let variables: Record<string, unknown> | undefined;
  try {
    variables = params.get("variables") ? JSON.parse(params.get("variables")!) : undefined;
  } catch {
    throw coded("BAD_REQUEST", "?variables= is not JSON");
  }
  return { query, variables, operationName: params.get("operationName") };
}

/**
 * Serves one subscription as a Server-Sent Events stream: each change a `next` event whose `id:`
 * is its cursor (a browser's EventSource sends it back as Last-Event-ID, which resumes after it
 * when `after` is not given), then `complete`. No valid token: 401. A refused subscription: one
 * `next` event with the errors, then `complete`, as the protocol asks.
 */
export async function serveEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  service: SubscriptionService,
  verifier: JwtVerifier,
  logger: Logger,
): Promise<void> {
  let subscriber;
  try {
    subscriber = await subscriberOf(verifier, req.headers.authorization);
  } catch (error) {
    sendCodedError(res, 401, (error as Error).message, "UNAUTHENTICATED");
    return;
  }
  res.statusCode = 200;
  res.setHeader("content-type", "text/event-stream; charset=utf-8");
  res.setHeader("cache-control", "no-cache");
  res.setHeader("x-accel-buffering", "no");
  res.flushHeaders();
  let stream: AsyncGenerator<ExecutionResult> | undefined;
  const keepAlive = setInterval(() => res.write(":\n\n"), KEEP_ALIVE_MS);
  req.socket.once("close", () => void stream?.return(undefined));
  try {
    const planned = service.plan(requestOf(req, body));
    if (Array.isArray(planned)) {
      await write(res, nextEvent({ errors: planned }));
      return;
    }
    const plan = planned as Exclude<typeof planned, readonly GraphQLFormattedError[]>;
    const lastEventId = req.headers["last-event-id"];
    if (plan.args.after == null && typeof lastEventId === "string" && lastEventId !== "") {
      plan.args.after = lastEventId;
    }
    const opened = service.open(subscriber, plan, 0);
    if (Array.isArray(opened)) {
      await write(res, nextEvent({ errors: opened }));
      return;
    }
    stream = opened as AsyncGenerator<ExecutionResult>;
    for await (const result of stream) {
      if (res.destroyed) break;
      await write(res, nextEvent(result));
    }
  } catch (error) {
    const failure = error as { toJSON?: () => GraphQLFormattedError };
    if (failure.toJSON) await write(res, nextEvent({ errors: [failure.toJSON()] }));
    else logger.error({ err: error }, "a subscription stream failed");
  } finally {
    clearInterval(keepAlive);
    if (!res.destroyed) res.end("event: complete\ndata:\n\n");
  }
}

import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "../logging/logger";
import { SpanKind, traceparentOf, type TraceSpan, type Tracing } from "./tracing";

/** What the gateway's and every subgraph's request context share for logs and traces. */
export interface ObservedContext {
  requestId: string;
  /** A child logger whose every line carries `requestId`. */
  logger: Logger;
  /** This request's span, set when the request starts (a no-op span when tracing is off). */
  trace?: TraceSpan;
}

/** What a failed request's log line tells of each error. */
export interface LoggedError {
  message: string;
  code: unknown;
  path?: readonly (string | number)[];
}

/**
 * The line for a request whose client hung up before its answer was made: no failure of ours,
 * so no warning, and nobody gets the answer. One line for Apollo's pipeline and the gateway's
 * planned path alike.
 */
export function logRequestDropped(
  logger: Logger,
  operationName: string | null | undefined,
  errors: LoggedError[],
): void {
  logger.info({ operationName, errors }, "request dropped: the client went away");
}

/** One log line per failed request and a debug line per request, each with its requestId. */
export function requestLoggingPlugin<C extends ObservedContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          const coded: LoggedError[] = errors.map((e) => ({
            message: e.message,
            code: e.extensions?.code,
            path: e.path,
          }));
          if (coded.every((error) => error.code === "CANCELLED")) {
            logRequestDropped(contextValue.logger, operationName, coded);
            return;
          }
          contextValue.logger.warn(
            { operationName, errors: coded },
            "request answered with errors",
          );
        },
        async willSendResponse({ contextValue, operationName }) {
          contextValue.logger.debug(
            { operationName, durationMs: Date.now() - started },
            "request done",
          );
        },
      };
    },
  };
}

/**
 * A SERVER span per GraphQL request, child of the caller's `traceparent` header (the gateway's
 * subgraph fetch, or a client's own trace), named after the operation once it is known.
 */
export function requestTracingPlugin<C extends ObservedContext>(
  tracing: Tracing,
): ApolloServerPlugin<C> {
  if (!tracing.enabled) return {};
  return {
    async requestDidStart({ contextValue, request }) {
      const span = tracing.startSpan(
        "graphql",
        SpanKind.SERVER,
        traceparentOf(request.http?.headers.get("traceparent") ?? undefined),
        { "gcn.request_id": contextValue.requestId },
      );
      contextValue.trace = span;
      let failure: string | undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? "query";
          span.updateName(`${type} ${operationName ?? "anonymous"}`);
          span.setAttributes({
            "graphql.operation.type": type,
            "graphql.operation.name": operationName ?? "",
          });
        },
        async didEncounterErrors({ errors }) {
          const code = errors[0]?.extensions?.code;
          failure = typeof code === "string" ? code : errors[0]?.message;
        },
        async willSendResponse() {
          span.end(failure);
        },
      };
    },
  };
}

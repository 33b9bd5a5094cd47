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

/** One log line per failed request and a debug line per request, each with its requestId. */
export function requestLoggingPlugin<C extends ObservedContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          const coded = errors.map((e) => ({
            message: e.message,
            code: e.extensions?.code,
            path: e.path,
          }));
          // A client that hung up is no failure of ours: no warning, and nobody gets the answer.
          if (coded.every((error) => error.code === "CANCELLED")) {
            contextValue.logger.info(
              { operationName, errors: coded },
              "request dropped: the client went away",
            );
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

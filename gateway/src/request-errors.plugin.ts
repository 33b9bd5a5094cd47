import type { ApolloServerPlugin } from "@apollo/server";
import { coded } from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";

/** What a client is told when it sends a subscription as a plain HTTP request. */
export const SUBSCRIPTIONS_OVER_HTTP =
  "Subscriptions are served on /graphql over WebSocket (graphql-ws, the graphql-transport-ws " +
  "subprotocol) or Server-Sent Events (a request with Accept: text/event-stream), not as plain " +
  "HTTP requests";

/** Codes of errors about the request itself rather than about a field of its answer. */
const REQUEST_ERROR_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]);

/**
 * One HTTP status per kind of error, whoever finds it:
 * - an operationName that names no operation of the document, or none given for a document with
 *   several, gets 400 OPERATION_RESOLUTION_FAILURE;
 * - a subscription sent over HTTP gets 400 OPERATION_NOT_SUPPORTED, never the 500 the executor
 *   gave it (the supergraph has no Subscription root, and graphql-js 16 does not check that);
 * - a request error a subgraph found (its own stricter check of the document, a supergraph ahead
 *   of a service) answers 400 with no data when nothing else of the answer survived, as the
 *   gateway answers the same error found by itself.
 */
export const requestErrorsPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        // graphql-js found no operation to run: the gateway's executor would throw an uncoded
        // error (a 500) for what is the client's mistake.
        if (!operation) {
          throw coded(
            "OPERATION_RESOLUTION_FAILURE",
            request.operationName
              ? `The document has no operation named "${request.operationName}"`
              : "The document has several operations: send operationName to pick one",
            { http: { status: 400 } },
          );
        }
        if (operation.operation === "subscription") {
          throw coded("OPERATION_NOT_SUPPORTED", SUBSCRIPTIONS_OVER_HTTP, {
            http: { status: 400 },
          });
        }
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const result = response.body.singleResult;
        if (!result.errors?.length) return;
        // Nothing of the answer survived (data null, or every root field null): the request
        // itself was refused, only further down.
        const nothing =
          result.data === null ||
          (result.data !== undefined && Object.values(result.data).every((v) => v === null));
        if (!nothing) return;
        const codes = result.errors.map((error) => error.extensions?.code);
        if (codes.every((code) => REQUEST_ERROR_CODES.has(code as string))) {
          response.http.status = 400;
          delete result.data;
        }
      },
    };
  },
};

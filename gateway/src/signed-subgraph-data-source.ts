import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import {
  REQUEST_ID_HEADER,
  signIdentity,
  SpanKind,
  Tracing,
  type Identity,
  type TraceSpan,
} from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";
import type { GatewayMetrics, SubgraphFetchOutcome } from "./gateway-metrics";
import { InFlightFetches, WaiterGoneError } from "./in-flight-fetches";
import {
  isJsonContentType,
  postToSubgraph,
  type SubgraphHttpResponse,
} from "./subgraph-http-client";
import { ReplayMiss } from "./planned/fetch-replay";
import type { CancelSignal } from "./cancel-signal";
import type { DeduplicatedFetch } from "./planned/plan-executor";

/** What a subgraph's answer can depend on, besides the request itself (see answerKeyOf). */
interface CallerHeaders {
  /** x-gcn-identity and its signature: the caller's own, never shared with another caller. */
  signed: Record<string, string>;
  /** The parts of the identity a subgraph's answer to a query reads: the roles. */
  answerKey: string;
}

/** A thrown failure of the call itself (refused, unreachable, not GraphQL). */
class SubgraphCallError extends Error {
  constructor(
    readonly kind: "refused" | "unavailable" | "timeout",
    readonly status?: number,
  ) {
    super(kind);
  }
}

/**
 * The GraphQL response in a subgraph's HTTP answer, parsed for one caller. A 2xx, or a 400
 * carrying GraphQL errors (the subgraph refusing a variable its scalars reject, which the
 * gateway cannot check: those coded errors go to the client as they are), is an answer; any
 * other status is the subgraph refusing the request.
 */
function graphqlResponseOf(response: SubgraphHttpResponse): GatewayGraphQLResponse {
  const json = isJsonContentType(response.contentType);
  const success = response.status >= 200 && response.status < 300;
  if (!success && !(response.status === 400 && json)) {
    throw new SubgraphCallError("refused", response.status);
  }
  if (!json) throw new SubgraphCallError("unavailable");
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString("utf8"));
  } catch {
    throw new SubgraphCallError(success ? "unavailable" : "refused", response.status);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SubgraphCallError("unavailable");
  }
  const answer = body as GatewayGraphQLResponse;
  if (!success && !(Array.isArray(answer.errors) && answer.errors.length > 0)) {
    throw new SubgraphCallError("refused", response.status);
  }
  return answer;
}

export interface SignedSubgraphDataSourceOptions {
  name: string;
  url: string;
  gatewaySecret: string;
  timeoutMs: number;
  /** In-flight deduplication of identical query fetches (GATEWAY_DEDUPLICATE). */
  deduplicate: boolean;
  metrics?: GatewayMetrics;
  tracing?: Tracing;
}

/**
 * Calls one subgraph: the verified identity goes signed (HMAC with GATEWAY_SECRET), the request
 * id and the caller's language go along, and nothing a client sent as identity is forwarded.
 *
 * Identical query fetches in flight at the same moment share one call (deduplication). Two
 * fetches are identical when their body (document, variables, operation name) is, and so is
 * everything else a subgraph's answer to a query depends on: the caller's roles (the role
 * checks of `@Authorized` and the contact details only ADMIN and LIAISON read) and the
 * caller's Accept-Language (the language of names and messages). Nothing else of the identity
 * is read by a query: `sub` and `entityId` are read by the mutations' commands, and mutations
 * are never shared. Each waiter parses the shared body itself, because Apollo's executor merges
 * what it receives into each request's result and rewrites it there.
 */
export class SignedSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly url: URL;
  private readonly gatewaySecret: string;
  private readonly serviceName: string;
  private readonly timeoutMs: number;
  private readonly metrics?: GatewayMetrics;
  private readonly tracing: Tracing;
  private readonly inFlight?: InFlightFetches<SubgraphHttpResponse>;
  /**
   * The signed headers of each verified identity. The verifier hands out one identity object per
   * token while it is cached, so a client's calls share one HMAC.
   */
  private readonly callers = new WeakMap<Identity, CallerHeaders>();

  constructor(options: SignedSubgraphDataSourceOptions) {
    this.url = new URL(options.url);
    this.gatewaySecret = options.gatewaySecret;
    this.serviceName = options.name;
    this.timeoutMs = options.timeoutMs;
    this.metrics = options.metrics;
    this.tracing = options.tracing ?? Tracing.off;
    if (options.deduplicate) this.inFlight = new InFlightFetches();
  }

  private callerOf(identity: Identity): CallerHeaders {
    let caller = this.callers.get(identity);
    if (!caller) {
      caller = {
        signed: signIdentity(identity, this.gatewaySecret),
        answerKey: [...new Set(identity.roles)].sort().join(","),
      };
      this.callers.set(identity, caller);
    }
    return caller;
  }

  private headersOf(
    context: Partial<GatewayContext>,
    caller: CallerHeaders | undefined,
    span: TraceSpan,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
    };
    if (caller) Object.assign(headers, caller.signed);
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (context.acceptLanguage) headers["accept-language"] = context.acceptLanguage;
    const traceparent = span.traceparent;
    if (traceparent) headers.traceparent = traceparent;
    return headers;
  }

  /**
   * A subgraph that cannot be reached (down, refusing, too slow) becomes one coded error naming
   * the service, so the gateway answers with the other subgraphs' data and no internal URL.
   */
  process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const { http: _http, ...request } = options.request;
    const readOnly =
      "incomingRequestContext" in options &&
      options.incomingRequestContext.operation?.operation === "query";
    return this.call(JSON.stringify(request), options.context as Partial<GatewayContext>, readOnly);
  }

  /** A query fetch of the planned path: the same call, sharing, metrics and errors as process. */
  query(
    body: string,
    context: Partial<GatewayContext>,
    deduplicated?: DeduplicatedFetch,
  ): Promise<GatewayGraphQLResponse> {
    return this.call(body, context, true, deduplicated);
  }

  private async call(
    body: string,
    context: Partial<GatewayContext>,
    readOnly: boolean,
    deduplicated?: DeduplicatedFetch,
  ): Promise<GatewayGraphQLResponse> {
    // A mutation runs to its end even when its client has gone: what it wrote is kept.
    const signal = readOnly ? context.signal : undefined;
    const replayed = readOnly ? context.fetches?.take(this.serviceName, body) : undefined;
    if (replayed) {
      // Made, timed and counted by the planned path already; Apollo's executor reads it again
      // (a call the planned path dropped for a client that hung up is cancelled here too).
      try {
        return graphqlResponseOf(await replayed);
      } catch (error) {
        if (!(error instanceof ReplayMiss)) throw this.failureOf(error, signal).error;
        // Asked again as Apollo's executor sends it, so that its errors' paths are its own.
      }
    }
    const started = process.hrtime.bigint();
    const span = this.tracing.startSpan(
      `subgraph ${this.serviceName}`,
      SpanKind.CLIENT,
      context.trace?.traceparent,
      { "gcn.subgraph": this.serviceName },
    );
    const caller = context.identity ? this.callerOf(context.identity) : undefined;
    const headers = this.headersOf(context, caller, span);
    const send = (abort?: CancelSignal) =>
      postToSubgraph(this.url, body, headers, this.timeoutMs, abort);
    let shared = false;
    try {
      let call: Promise<SubgraphHttpResponse>;
      if (this.inFlight && readOnly) {
        const key = `${caller?.answerKey ?? ""}\n${context.acceptLanguage ?? ""}\n${body}`;
        const joined = this.inFlight.join(key, send, signal);
        shared = joined.shared;
        call = joined.result;
      } else {
        call = send(signal);
      }
      if (readOnly) context.fetches?.record(this.serviceName, body, call, deduplicated);
      const answer = graphqlResponseOf(await call);
      this.observe(shared, answer.errors?.length ? "error" : "ok", started);
      span.end();
      return answer;
    } catch (error) {
      span.end(error);
      const failure = this.failureOf(error, signal);
      if (failure.outcome) this.observe(shared, failure.outcome, started);
      throw failure.error;
    }
  }

  /** The coded error a failed call becomes (a waiter that went away keeps its own error). */
  private failureOf(
    error: unknown,
    signal?: CancelSignal,
  ): {
    error: unknown;
    outcome?: SubgraphFetchOutcome;
  } {
    if (error instanceof WaiterGoneError) return { error };
    if (signal?.aborted) {
      // The client hung up and its call was dropped: no answer goes anywhere, and the logs and
      // /metrics must not blame the subgraph for it.
      return {
        outcome: "cancelled",
        error: new GraphQLError(
          `The client went away before the ${this.serviceName} service answered`,
          {
            extensions: { code: "CANCELLED", serviceName: this.serviceName },
          },
        ),
      };
    }
    const failure =
      error instanceof SubgraphCallError
        ? error
        : new SubgraphCallError(
            error instanceof Error && /timeout/i.test(error.message) ? "timeout" : "unavailable",
          );
    if (failure.kind === "refused") {
      // A subgraph's HTTP error (a refused signature, a schema it does not know) carries its
      // URL and body; the client only learns which service failed.
      return {
        outcome: "error",
        error: new GraphQLError(`The ${this.serviceName} service refused the request`, {
          extensions: {
            code: "SERVICE_UNAVAILABLE",
            serviceName: this.serviceName,
            status: failure.status,
          },
        }),
      };
    }
    return {
      outcome: "unavailable",
      error: new GraphQLError(
        failure.kind === "timeout"
          ? `The ${this.serviceName} service did not answer in time`
          : `The ${this.serviceName} service is unavailable`,
        { extensions: { code: "SERVICE_UNAVAILABLE", serviceName: this.serviceName } },
      ),
    };
  }

  /** A call made is timed; a fetch that waited on another's call is counted as shared. */
  private observe(shared: boolean, outcome: SubgraphFetchOutcome, started: bigint) {
    if (!this.metrics) return;
    if (shared) this.metrics.subgraphFetchShared(this.serviceName, outcome);
    else
      this.metrics.subgraphFetched(
        this.serviceName,
        outcome,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
  }
}

import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import http from "node:http";
import { GraphQLError } from "graphql";
import {
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  SIGNATURE_HEADER,
  signIdentity,
  SpanKind,
  Tracing,
  type Identity,
  type TraceSpan,
} from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";
import type { GatewayMetrics } from "./gateway-metrics";
import { postToSubgraph, type SubgraphHttpResponse } from "./subgraph-http-client";

function isGraphQLRefusal(response: SubgraphHttpResponse): boolean {
  if (response.status !== 400 || !response.contentType.includes("json")) return false;
  try {
    const body = JSON.parse(response.body) as { errors?: unknown };
    return Array.isArray(body.errors) && body.errors.length > 0;
  } catch {
    return false;
  }
}

/** The parts of a Fetch API Response the gateway's data source reads. */
function responseOf(url: string, response: SubgraphHttpResponse) {
  const headers = new Map<string, string>([["content-type", response.contentType]]);
  if (response.cacheControl) headers.set("cache-control", response.cacheControl);
  return {
    url,
    status: response.status,
    statusText: http.STATUS_CODES[response.status] ?? "",
    // A 400 carrying GraphQL errors is the subgraph refusing the input (a variable its scalars
    // reject, which the gateway cannot check): those coded errors go to the client as they are.
    ok: (response.status >= 200 && response.status < 300) || isGraphQLRefusal(response),
    redirected: false,
    bodyUsed: false,
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: async () => response.body,
    json: async () => JSON.parse(response.body) as unknown,
  };
}

/**
 * Calls one subgraph: the verified identity goes signed (HMAC with GATEWAY_SECRET), the request
 * id and the caller's language go along, and nothing a client sent as identity is forwarded.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly gatewaySecret: string;
  private readonly serviceName: string;
  private readonly metrics?: GatewayMetrics;
  private readonly tracing: Tracing;
  /**
   * The signed headers of each verified identity. The verifier hands out one identity object per
   * token while it is cached, so a client's calls share one HMAC.
   */
  private readonly signedHeaders = new WeakMap<Identity, Record<string, string>>();
  /** The fetch span of each call in flight, for willSendRequest to pass on as traceparent. */
  private readonly spans = new WeakMap<object, TraceSpan>();

  constructor(options: {
    name: string;
    url: string;
    gatewaySecret: string;
    timeoutMs: number;
    metrics?: GatewayMetrics;
    tracing?: Tracing;
  }) {
    const { timeoutMs } = options;
    // The subgraph's URL is the same on every call: parsed once.
    let parsedUrl: URL | undefined;
    const urlOf = (input: string) =>
      parsedUrl?.href === input ? parsedUrl : (parsedUrl = new URL(input));
    super({
      url: options.url,
      // Keep-alive node:http with a deadline that bounds a slow subgraph.
      fetcher: (async (input: string, init: { body?: string; headers?: Record<string, string> }) =>
        responseOf(
          input,
          await postToSubgraph(urlOf(input), init.body ?? "", init.headers ?? {}, timeoutMs),
        )) as never,
    });
    this.gatewaySecret = options.gatewaySecret;
    this.serviceName = options.name;
    this.metrics = options.metrics;
    this.tracing = options.tracing ?? Tracing.off;
  }

  /**
   * A subgraph that cannot be reached (down, refusing, too slow) becomes one coded error naming
   * the service, so the gateway answers with the other subgraphs' data and no internal URL.
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const span = this.tracing.startSpan(
      `subgraph ${this.serviceName}`,
      SpanKind.CLIENT,
      options.context.trace?.traceparent,
      { "gcn.subgraph": this.serviceName },
    );
    this.spans.set(options, span);
    try {
      const response = await super.process(options);
      this.metrics?.subgraphFetched(
        this.serviceName,
        response.errors?.length ? "error" : "ok",
        seconds(),
      );
      span.end();
      return response;
    } catch (error) {
      span.end(error);
      this.metrics?.subgraphFetched(
        this.serviceName,
        error instanceof GraphQLError ? "error" : "unavailable",
        seconds(),
      );
      if (error instanceof GraphQLError) {
        // A subgraph's HTTP error (a refused signature, a schema it does not know) carries its
        // URL and body; the client only learns which service failed.
        const response = error.extensions.response as { status?: number } | undefined;
        if (!response) throw error;
        throw new GraphQLError(`The ${this.serviceName} service refused the request`, {
          extensions: {
            code: "SERVICE_UNAVAILABLE",
            serviceName: this.serviceName,
            status: response.status,
          },
        });
      }
      const timedOut =
        error instanceof Error && /timeout|aborted/i.test(`${error.name} ${error.message}`);
      throw new GraphQLError(
        timedOut
          ? `The ${this.serviceName} service did not answer in time`
          : `The ${this.serviceName} service is unavailable`,
        { extensions: { code: "SERVICE_UNAVAILABLE", serviceName: this.serviceName } },
      );
    }
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(IDENTITY_HEADER);
    headers.delete(SIGNATURE_HEADER);
    const ctx = context as Partial<GatewayContext>;
    if (ctx.identity) {
      let signed = this.signedHeaders.get(ctx.identity);
      if (!signed) {
        signed = signIdentity(ctx.identity, this.gatewaySecret);
        this.signedHeaders.set(ctx.identity, signed);
      }
      for (const [name, value] of Object.entries(signed)) {
        headers.set(name, value);
      }
    }
    if (ctx.requestId) headers.set(REQUEST_ID_HEADER, ctx.requestId);
    if (ctx.acceptLanguage) headers.set("accept-language", ctx.acceptLanguage);
    const traceparent = this.spans.get(options)?.traceparent;
    if (traceparent) headers.set("traceparent", traceparent);
  }
}

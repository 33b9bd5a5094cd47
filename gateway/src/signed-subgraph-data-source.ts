import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { IDENTITY_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, signIdentity } from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";
import type { GatewayMetrics } from "./gateway-metrics";

/**
 * Calls one subgraph: the verified identity goes signed (HMAC with GATEWAY_SECRET), the request
 * id and the caller's language go along, and nothing a client sent as identity is forwarded.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly gatewaySecret: string;
  private readonly serviceName: string;
  private readonly metrics?: GatewayMetrics;

  constructor(options: {
    name: string;
    url: string;
    gatewaySecret: string;
    timeoutMs: number;
    metrics?: GatewayMetrics;
  }) {
    const { timeoutMs } = options;
    super({
      url: options.url,
      // Node's fetch keeps connections alive; the timeout bounds a slow subgraph.
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
    this.gatewaySecret = options.gatewaySecret;
    this.serviceName = options.name;
    this.metrics = options.metrics;
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
    try {
      const response = await super.process(options);
      this.metrics?.subgraphFetched(
        this.serviceName,
        response.errors?.length ? "error" : "ok",
        seconds(),
      );
      return response;
    } catch (error) {
      this.metrics?.subgraphFetched(
        this.serviceName,
        error instanceof GraphQLError ? "error" : "unavailable",
        seconds(),
      );
      if (error instanceof GraphQLError) throw error;
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

  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(IDENTITY_HEADER);
    headers.delete(SIGNATURE_HEADER);
    const ctx = context as Partial<GatewayContext>;
    if (ctx.identity) {
      for (const [name, value] of Object.entries(signIdentity(ctx.identity, this.gatewaySecret))) {
        headers.set(name, value);
      }
    }
    if (ctx.requestId) headers.set(REQUEST_ID_HEADER, ctx.requestId);
    if (ctx.acceptLanguage) headers.set("accept-language", ctx.acceptLanguage);
  }
}

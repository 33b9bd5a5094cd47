import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { IDENTITY_HEADER, REQUEST_ID_HEADER, SIGNATURE_HEADER, signIdentity } from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";

/**
 * Calls one subgraph: the verified identity goes signed (HMAC with GATEWAY_SECRET), the request
 * id and the caller's language go along, and nothing a client sent as identity is forwarded.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly gatewaySecret: string;

  constructor(options: { url: string; gatewaySecret: string; timeoutMs: number }) {
    const { timeoutMs } = options;
    super({
      url: options.url,
      // Node's fetch keeps connections alive; the timeout bounds a slow subgraph.
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
    this.gatewaySecret = options.gatewaySecret;
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

import { DEV_JWT_SECRET, type EnvReader } from "@gcn/shared";

export interface BriefingsConfig {
  /** The gateway's GraphQL endpoint, the one the pack's data comes through. */
  gatewayUrl: string;
  /** Headless Chromium for the PDFs (Debian's `chromium`). */
  chromiumPath: string;
  /** A bearer token for issuing (an ANALYST one); unset: minted with jwtSecret. */
  issuerToken?: string;
  /** The gateway's HS256 secret, to mint the issuer's short-lived ANALYST token. */
  jwtSecret?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Render and keep both languages when a reputation report is published. */
  issueOnPublish: boolean;
  /** The longest one render may take (the gateway's answer and Chromium's PDF). */
  renderTimeoutMs: number;
  /** PDFs printed at once; more wait their turn. */
  maxConcurrentPdfs: number;
}

/** The briefings' own variables, beside every service's (`readServiceConfig`). */
export function readBriefingsConfig(env: EnvReader, production: boolean): BriefingsConfig {
  const issuerToken = env.optional("BRIEFINGS_ISSUER_TOKEN");
  const jwksUrl = env.optional("JWKS_URL");
  const jwtSecret =
    issuerToken || (jwksUrl && production)
      ? undefined
      : env.secret("JWT_SECRET", production ? undefined : DEV_JWT_SECRET, 32);
  if (production && !issuerToken && !jwtSecret) {
    throw new Error(
      "Invalid configuration: the briefings need BRIEFINGS_ISSUER_TOKEN (an ANALYST token) or JWT_SECRET to issue packs",
    );
  }
  return {
    gatewayUrl: env.url("BRIEFINGS_GATEWAY_URL", "http://127.0.0.1:4000/graphql"),
    chromiumPath: env.string("CHROMIUM_PATH", "/usr/bin/chromium"),
    issuerToken,
    jwtSecret,
    jwtIssuer: env.optional("JWT_ISSUER"),
    jwtAudience: env.optional("JWT_AUDIENCE"),
    issueOnPublish: env.bool("BRIEFINGS_ISSUE_ON_PUBLISH", true),
    renderTimeoutMs: env.int("BRIEFINGS_RENDER_TIMEOUT_MS", 60_000, { min: 1000, max: 600_000 }),
    maxConcurrentPdfs: env.int("BRIEFINGS_MAX_CONCURRENT_PDFS", 2, { min: 1, max: 16 }),
  };
}

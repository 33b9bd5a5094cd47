import path from "node:path";
import {
  DEV_GATEWAY_SECRET,
  DEV_JWT_SECRET,
  EnvReader,
  readTracingConfig,
  SERVICE_NAMES,
  type TracingConfig,
} from "@gcn/shared";
import type { SubscriptionLimits } from "./subscriptions/subscription-service";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const DEFAULT_SUPERGRAPH_PATH = path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql");

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  /** HS256 secret for local tokens; ignored when jwksUrl is set. */
  jwtSecret: string;
  /** JWT_SECRET_PREVIOUS: tokens signed with it stay valid while clients move to the new one. */
  previousJwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  gatewaySecret: string;
  supergraphPath: string;
  /** Per-subgraph URL overrides, e.g. SUBGRAPH_URL_ENTITIES=http://entities:4001/graphql. */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  /** Identical query fetches in flight at once share one subgraph call (GATEWAY_DEDUPLICATE). */
  deduplicate: boolean;
  /**
   * Queries answered before run on the gateway's planned path, past Apollo Server's pipeline and
   * Apollo's executor (GATEWAY_FAST_PATH); off, every request goes through them.
   */
  fastPath: boolean;
  /** @apollo/gateway's reports to Apollo's servers stay off unless this is false. */
  apolloTelemetryDisabled: boolean;
  /** How long a briefing document may take (a 200-entity PDF takes seconds). */
  briefingsTimeoutMs: number;
  /** GraphQL requests worked on at once (GATEWAY_MAX_IN_FLIGHT); the rest wait in order. */
  maxInFlight: number;
  /** Requests that may wait for a turn (GATEWAY_MAX_QUEUED); more are refused with 503. */
  maxQueued: number;
  introspection: boolean;
  /** The network's time zone: "this month" in the explorer's saved operations. */
  timeZone: string;
  logLevel: string;
  /** OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT); undefined keeps tracing off. */
  tracing: TracingConfig | undefined;
  /** Where subscriptions read the events (KAFKA_BROKERS); unset: the embedded in-process feed. */
  kafkaBrokers: string[] | undefined;
  kafkaTopicPrefix: string;
  subscriptions: SubscriptionLimits;
}

/** The only reader of process.env in the gateway. */
export function readGatewayConfig(env: EnvReader = new EnvReader()): GatewayConfig {
  const production = env.optional("NODE_ENV") === "production";
  const jwksUrl = env.optional("JWKS_URL") ? env.url("JWKS_URL") : undefined;
  const jwtSecret =
    jwksUrl && production
      ? ""
      : env.secret("JWT_SECRET", production ? undefined : DEV_JWT_SECRET, 32);
  const gatewaySecret = env.secret("GATEWAY_SECRET", production ? undefined : DEV_GATEWAY_SECRET);
  if (production && (gatewaySecret === DEV_GATEWAY_SECRET || jwtSecret === DEV_JWT_SECRET)) {
    throw new Error("Invalid configuration: production must not use the development secrets");
  }
  const subgraphUrls: Record<string, string> = {};
  for (const name of SERVICE_NAMES) {
    const variable = `SUBGRAPH_URL_${name.toUpperCase()}`;
    if (env.optional(variable)) subgraphUrls[name] = env.url(variable);
  }
  return {
    port: env.int("GATEWAY_PORT", env.int("PORT", 4000), { min: 0, max: 65535 }),
    host: env.string("HOST", "0.0.0.0"),
    production,
    jwtSecret,
    previousJwtSecret: env.optional("JWT_SECRET_PREVIOUS")
      ? env.secret("JWT_SECRET_PREVIOUS", undefined, 32)
      : undefined,
    jwksUrl,
    jwtIssuer: env.optional("JWT_ISSUER"),
    jwtAudience: env.optional("JWT_AUDIENCE"),
    gatewaySecret,
    supergraphPath: path.resolve(env.string("SUPERGRAPH_PATH", DEFAULT_SUPERGRAPH_PATH)),
    subgraphUrls,
    subgraphTimeoutMs: env.int("SUBGRAPH_TIMEOUT_MS", 5000, { min: 100, max: 120_000 }),
    deduplicate: env.bool("GATEWAY_DEDUPLICATE", true),
    fastPath: env.bool("GATEWAY_FAST_PATH", true),
    apolloTelemetryDisabled: env.bool("APOLLO_TELEMETRY_DISABLED", true),
    briefingsTimeoutMs: env.int("BRIEFINGS_TIMEOUT_MS", 120_000, { min: 1000, max: 600_000 }),
    maxInFlight: env.int("GATEWAY_MAX_IN_FLIGHT", 16, { min: 1, max: 10_000 }),
    maxQueued: env.int("GATEWAY_MAX_QUEUED", 1000, { min: 0, max: 1_000_000 }),
    introspection: env.bool("INTROSPECTION", !production),
    timeZone: env.string("GCN_TIME_ZONE", "Asia/Bahrain"),
    logLevel: env.oneOf("LOG_LEVEL", ["trace", "debug", "info", "warn", "error", "silent"], "info"),
    tracing: readTracingConfig(env),
    kafkaBrokers: env.list("KAFKA_BROKERS"),
    kafkaTopicPrefix: env.optional("KAFKA_TOPIC_PREFIX") ?? "",
    subscriptions: {
      perConnection: env.int("SUBSCRIPTIONS_PER_CONNECTION", 20, { min: 1, max: 1000 }),
      perSubject: env.int("SUBSCRIPTIONS_PER_TOKEN", 100, { min: 1, max: 100_000 }),
      maxBehind: env.int("SUBSCRIPTION_MAX_BEHIND", 1000, { min: 10, max: 1_000_000 }),
    },
  };
}

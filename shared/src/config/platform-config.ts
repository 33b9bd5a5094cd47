import { registeredService } from "../services/service-registry";
import { EnvReader } from "./env-reader";
import { readFaultPoints, type FaultPoints } from "./fault-points";
import { readTracingConfig, type TracingConfig } from "../observability/tracing";

/**
 * Development-only defaults. They let `npm start` and the tests run with no setup; production
 * (NODE_ENV=production) refuses them, so a deployment cannot run with a published secret.
 */
export const DEV_GATEWAY_SECRET = "gcn-dev-gateway-secret-change-me";
export const DEV_JWT_SECRET = "gcn-dev-jwt-secret-change-me-please";

/** What every subgraph service reads, whatever its domain. */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  host: string;
  databaseUrl: string;
  gatewaySecret: string;
  /** GATEWAY_SECRET_PREVIOUS: also accepted while the gateway switches to a new secret. */
  previousGatewaySecret?: string;
  kafkaBrokers: string[] | undefined;
  /** KAFKA_TOPIC_PREFIX: namespaces every topic on the broker (default none). */
  kafkaTopicPrefix: string;
  logLevel: string;
  timeZone: string;
  /** Prefix of this service's Kafka consumer groups (and inbox names): `<prefix>.<service>.<source>`. */
  consumerGroupPrefix: string;
  production: boolean;
  /** Test-only faults (GCN_FAULT_*), refused in production. */
  faults: FaultPoints;
  /** OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT); undefined keeps tracing off. */
  tracing: TracingConfig | undefined;
}

/** Reads the variables every service shares; its default port and database are the registry's. */
export function readServiceConfig(
  serviceName: string,
  env: EnvReader = new EnvReader(),
): ServiceConfig {
  const defaults = registeredService(serviceName);
  const production = env.optional("NODE_ENV") === "production";
  const prefix = serviceName.toUpperCase();
  const gatewaySecret = env.secret("GATEWAY_SECRET", production ? undefined : DEV_GATEWAY_SECRET);
  if (production && gatewaySecret === DEV_GATEWAY_SECRET) {
    throw new Error("Invalid configuration: GATEWAY_SECRET must not be the development default");
  }
  return {
    serviceName,
    port: env.int(`${prefix}_PORT`, env.int("PORT", defaults.port), { min: 0, max: 65535 }),
    host: env.string("HOST", "0.0.0.0"),
    databaseUrl: env.url(
      `${prefix}_DATABASE_URL`,
      production ? undefined : `postgres://postgres@127.0.0.1:5432/${defaults.database}`,
      ["postgres:", "postgresql:"],
    ),
    gatewaySecret,
    previousGatewaySecret: env.optional("GATEWAY_SECRET_PREVIOUS")
      ? env.secret("GATEWAY_SECRET_PREVIOUS")
      : undefined,
    kafkaBrokers: env.list("KAFKA_BROKERS"),
    kafkaTopicPrefix: env.optional("KAFKA_TOPIC_PREFIX") ?? "",
    logLevel: env.oneOf("LOG_LEVEL", ["trace", "debug", "info", "warn", "error", "silent"], "info"),
    timeZone: env.string("GCN_TIME_ZONE", "Asia/Bahrain"),
    consumerGroupPrefix: env.string("CONSUMER_GROUP_PREFIX", "gcn"),
    production,
    faults: readFaultPoints(env, production),
    tracing: readTracingConfig(env),
  };
}

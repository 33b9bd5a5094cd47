import { EnvReader, readServiceConfig, type ServiceConfig } from "@gcn/shared";

export type ReputationConfig = ServiceConfig;

/** The only reader of process.env in this service (REPUTATION_PORT, REPUTATION_DATABASE_URL, ...). */
export function readReputationConfig(env: EnvReader = new EnvReader()): ReputationConfig {
  return readServiceConfig("reputation", { port: 4004, database: "gcn_reputation" }, env);
}

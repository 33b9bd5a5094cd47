import { EnvReader, readServiceConfig, type ServiceConfig } from "@gcn/shared";

export type InitiativesConfig = ServiceConfig;

/** The only reader of process.env in this service (INITIATIVES_PORT, INITIATIVES_DATABASE_URL, ...). */
export function readInitiativesConfig(env: EnvReader = new EnvReader()): InitiativesConfig {
  return readServiceConfig("initiatives", { port: 4003, database: "gcn_initiatives" }, env);
}

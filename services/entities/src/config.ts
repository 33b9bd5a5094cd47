import { EnvReader, readServiceConfig, type ServiceConfig } from "@gcn/shared";

export type EntitiesConfig = ServiceConfig;

/** The only reader of process.env in this service (ENTITIES_PORT, ENTITIES_DATABASE_URL, ...). */
export function readEntitiesConfig(env: EnvReader = new EnvReader()): EntitiesConfig {
  return readServiceConfig("entities", { port: 4001, database: "gcn_entities" }, env);
}

import path from "node:path";
import { EnvReader } from "@gcn/shared";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");

export interface LocalConfig {
  /** A PostgreSQL server URL (any database); when unset, embedded PostgreSQL runs in .data/. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  dataDir: string;
  kafkaBrokers?: string[];
  seedDemoData: boolean;
  gatewayPort: number;
  timeZone: string;
}

/** The embedded launcher's own settings; each service still reads its own config. */
export function readLocalConfig(env: EnvReader = new EnvReader()): LocalConfig {
  return {
    databaseUrl: env.optional("DATABASE_URL")
      ? env.url("DATABASE_URL", undefined, ["postgres:", "postgresql:"])
      : undefined,
    embeddedPostgresPort: env.int("EMBEDDED_PG_PORT", 54329, { min: 1024, max: 65535 }),
    dataDir: path.resolve(env.string("GCN_DATA_DIR", path.join(REPO_ROOT, ".data"))),
    kafkaBrokers: env.list("KAFKA_BROKERS"),
    seedDemoData: env.bool("SEED_DEMO_DATA", true),
    gatewayPort: env.int("GATEWAY_PORT", 4000, { min: 0, max: 65535 }),
    timeZone: env.string("GCN_TIME_ZONE", "Asia/Bahrain"),
  };
}

/** The URL of one service's database on the chosen server. */
export function databaseOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

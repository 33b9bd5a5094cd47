import { Client } from "pg";
import { DataSource, type MixedList, type EntitySchema, type Logger } from "typeorm";
import {
  DeadLetterLog1765000000000,
  PlatformTables1764000000000,
} from "../events/platform-tables.migration";
import { EntityRefTable1764000000001 } from "../entity-ref/entity-ref.migration";
import { EntityRefRow } from "../entity-ref/entity-ref.row";

/**
 * Creates the database named in `url` when it does not exist (embedded default, tests, a fresh
 * server). Connects to the server's `postgres` database to do it.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`Database name "${name}" must be lower-case letters, digits and underscores`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // Another process created it between the check and the create.
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await client.end();
  }
}

export interface DataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  poolSize?: number;
  /** The service keeps the kit's `entity_ref` projection (its row and its table). */
  entityRef?: boolean;
}

/** TypeORM's logger slot used as a statement counter (for /metrics and the N+1 benchmark). */
export class StatementCountingLogger implements Logger {
  statements = 0;
  logQuery(): void {
    this.statements++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** How many SQL statements the data source has sent since it was created. */
export function statementsSent(dataSource: DataSource): number {
  const logger = dataSource.logger;
  return logger instanceof StatementCountingLogger ? logger.statements : 0;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function toArray(list: MixedList<Function | string | EntitySchema>) {
  return Array.isArray(list) ? list : Object.values(list);
}

/**
 * A service's TypeORM data source: schema only by migrations (never synchronize), the platform's
 * outbox and inbox tables first, its dead-letter log after the service's own.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    entities: options.entityRef ? [...toArray(options.entities), EntityRefRow] : options.entities,
    migrations: [
      PlatformTables1764000000000,
      ...(options.entityRef ? [EntityRefTable1764000000001] : []),
      ...options.migrations,
      DeadLetterLog1765000000000,
    ],
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: "each",
    poolSize: options.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5000 },
    logging: false,
    logger: new StatementCountingLogger(),
  });
}

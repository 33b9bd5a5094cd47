import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "../logging/logger";

// Codes a client may see as they are; anything else is an internal failure whose message could
// leak SQL, hostnames or stacks, so it is logged and replaced.
const PUBLIC_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  // The gateway's word for a subgraph it cannot reach; the error names the service, nothing more.
  "SERVICE_UNAVAILABLE",
]);

/**
 * The input a GraphQL coercion error is about, e.g. `input.kind` from
 * `Variable "$input" got invalid value "FOO" at "input.kind"`, so clients get `extensions.field`
 * for enum, type and missing-field errors as they do for the service's own checks.
 */
export function fieldOfCoercionError(message: string): string | undefined {
  const at = /got invalid value .*? at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /^Variable "\$(\w+)"/.exec(message);
  return variable?.[1];
}

/** Apollo `formatError`: coded errors pass with their fields; internal ones are masked. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    let code = extensions.code as string | undefined;
    // type-graphql's @Authorized answers UNAUTHORIZED; the contract's word is FORBIDDEN.
    if (code === "UNAUTHORIZED") code = "FORBIDDEN";
    if (code && PUBLIC_CODES.has(code)) {
      const field =
        code === "BAD_USER_INPUT" && !extensions.field
          ? fieldOfCoercionError(formatted.message)
          : undefined;
      return { ...formatted, extensions: { ...extensions, code, ...(field ? { field } : {}) } };
    }
    logger.error({ err: error, path: formatted.path }, "internal error");
    return {
      message: "Internal server error",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

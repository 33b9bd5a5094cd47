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
]);

/** Apollo `formatError`: coded errors pass with their fields; internal ones are masked. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    let code = extensions.code as string | undefined;
    // type-graphql's @Authorized answers UNAUTHORIZED; the contract's word is FORBIDDEN.
    if (code === "UNAUTHORIZED") code = "FORBIDDEN";
    if (code && PUBLIC_CODES.has(code)) {
      return { ...formatted, extensions: { ...extensions, code } };
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

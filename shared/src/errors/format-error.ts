import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "../logging/logger";
import { ERROR_CODES, isPublicCode } from "./coded-errors";

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

/**
 * graphql-js appends " Did you mean …?" to messages about misspelt fields, arguments, types and
 * enum values (literals and variables alike): to a caller probing the schema that is a free
 * listing of it, so the sentence is dropped wherever it stands.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^]*?\?(?=$|\s)/g, "").trimEnd();
}

/**
 * The code a formatted error goes out with. Apollo files every validation error under
 * GRAPHQL_VALIDATION_FAILED and every parse error under GRAPHQL_PARSE_FAILED; a validation rule
 * that reported its own request-level code (400: the gateway's limits) keeps it, while a scalar's
 * BAD_USER_INPUT about a literal stays a validation failure; graphql-js's token limit
 * (a parse option) is told apart from a syntax error.
 */
function codeOf(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const code = formatted.extensions?.code;
  if (code === "GRAPHQL_VALIDATION_FAILED" && error instanceof GraphQLError) {
    const own = (error.originalError as GraphQLError | undefined)?.extensions?.code;
    if (isPublicCode(own) && ERROR_CODES[own] === 400 && own !== code) return own;
  }
  // graphql-js 16 spells it "more that N tokens".
  if (
    code === "GRAPHQL_PARSE_FAILED" &&
    /Document contains more tha[nt] \d+ tokens/.test(formatted.message)
  ) {
    return "MAX_TOKENS_EXCEEDED";
  }
  // Apollo's own refusals of a request (a persisted query's wrong hash or version) carry a 4xx
  // status but no code: the client's mistake, said in Apollo's words, not an internal failure.
  const status = (error as GraphQLError | undefined)?.extensions?.http as
    | { status?: number }
    | undefined;
  if (
    (code === undefined || code === "INTERNAL_SERVER_ERROR") &&
    error instanceof GraphQLError &&
    status?.status !== undefined &&
    status.status >= 400 &&
    status.status < 500
  ) {
    return "BAD_REQUEST";
  }
  // type-graphql's @Authorized answers UNAUTHORIZED; the contract's word is FORBIDDEN.
  if (code === "UNAUTHORIZED") return "FORBIDDEN";
  return typeof code === "string" ? code : undefined;
}

/** Apollo `formatError`: coded errors pass with their fields; internal ones are masked. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const code = codeOf(formatted, error);
    if (isPublicCode(code)) {
      const message = withoutSuggestions(formatted.message);
      const field =
        code === "BAD_USER_INPUT" && !extensions.field ? fieldOfCoercionError(message) : undefined;
      return {
        ...formatted,
        message,
        extensions: { ...extensions, code, ...(field ? { field } : {}) },
      };
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

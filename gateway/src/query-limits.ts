import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ParseOptions, type ValidationContext } from "graphql";
import type { ErrorCode } from "@gcn/shared";

/**
 * Limits on what one request may ask, set from the operations the platform's own clients send:
 * the deepest (a meeting review: networkMeeting → achievements → owner / initiativeSession) is 5
 * levels, the widest uses a handful of aliases, and a recordMetrics call carries its 10,000
 * samples in variables, which these limits do not count. Introspection (explorers) is exempt.
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  maxCost: 50_000,
  maxDocumentBytes: 100_000,
} as const;

export type QueryLimits = { [K in keyof typeof QUERY_LIMITS]: number };

/** The code a client gets for each limit; every one of them answers HTTP 400 (413 for sizes). */
export const LIMIT_CODES = {
  maxDepth: "MAX_DEPTH_EXCEEDED",
  maxAliases: "MAX_ALIASES_EXCEEDED",
  maxDirectives: "MAX_DIRECTIVES_EXCEEDED",
  maxTokens: "MAX_TOKENS_EXCEEDED",
  maxCost: "MAX_COST_EXCEEDED",
  maxDocumentBytes: "DOCUMENT_TOO_LARGE",
} as const satisfies Record<keyof typeof QUERY_LIMITS, ErrorCode>;

/**
 * graphql-armor reports every limit as a "Syntax Error" that Apollo files under
 * GRAPHQL_VALIDATION_FAILED; this reports it under the limit's own code instead (the error
 * formatter keeps a validation rule's own public code), without the misleading prefix.
 */
function reportAs(limit: keyof typeof QUERY_LIMITS, max: number) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(
      new GraphQLError(error.message.replace(/^Syntax Error: /, ""), {
        extensions: { code: LIMIT_CODES[limit], limit: max },
      }),
    );
  };
}

/**
 * The token limit is graphql-js's own parse option: the document is parsed once, and an
 * over-long one fails as a syntax error (400) before a single node is built. graphql-armor's
 * token plugin re-parsed every document in a hook whose errors Apollo answers with 500.
 */
export function parseOptionsFor(limits: QueryLimits = QUERY_LIMITS): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/** graphql-armor's validation rules: depth, aliases, directives and cost, each with its code. */
export function armorValidationRules(limits: QueryLimits = QUERY_LIMITS) {
  const coded = (limit: keyof typeof QUERY_LIMITS) => ({
    propagateOnRejection: false,
    onReject: [reportAs(limit, limits[limit])],
  });
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...coded("maxDepth") },
    maxAliases: { n: limits.maxAliases, ...coded("maxAliases") },
    maxDirectives: { n: limits.maxDirectives, ...coded("maxDirectives") },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...coded("maxCost") },
    // Both are done elsewhere: tokens by the parser, suggestions by the error formatter (which
    // also catches the enum suggestions graphql-armor's filter lets through).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
}

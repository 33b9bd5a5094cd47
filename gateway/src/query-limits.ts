import { ApolloArmor } from "@escape.tech/graphql-armor";

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

/** graphql-armor's validation rules and plugins (depth, aliases, directives, tokens, cost, suggestions). */
export function armorProtection(limits: QueryLimits = QUERY_LIMITS) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { n: limits.maxTokens },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

import { Kind, parse, type DefinitionNode, type SelectionNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { unauthenticated } from "@gcn/shared";
import type { GatewayContext } from "./gateway-context";
import { QUERY_LIMITS } from "./query-limits";

export const SEND_A_TOKEN = "Send a bearer token: Authorization: Bearer <token> (npm run -s token)";

const isMetaField = (selection: SelectionNode) =>
  selection.kind === Kind.FIELD && selection.name.value.startsWith("__");

/** An operation that asks only `__schema`, `__type` or `__typename`, or a fragment on `__*`. */
export function isIntrospectionOnly(definition: DefinitionNode): boolean {
  if (definition.kind === Kind.OPERATION_DEFINITION) {
    return definition.selectionSet.selections.every(isMetaField);
  }
  if (definition.kind === Kind.FRAGMENT_DEFINITION) {
    return definition.typeCondition.name.value.startsWith("__");
  }
  return false;
}

/**
 * Why a caller without a token is refused, or undefined for the one thing it may do: run pure
 * introspection while introspection is on (explorers ask for the schema before login). Decided
 * on the document alone, before any validation, whose messages ("Cannot query field x on type
 * GovernmentEntityConnection") would let anyone rebuild the schema without a token; every
 * definition of the document counts, so an unused fragment on a real type is refused too.
 */
export function anonymousRefusal(
  query: unknown,
  introspection: boolean,
  persistedQuery: boolean,
): string | undefined {
  // No document at all (the Sandbox page, a malformed request): Apollo's 400 names nothing of
  // the schema. A persisted query's document is not here to look at, so it needs a token.
  if (query === undefined) return persistedQuery ? SEND_A_TOKEN : undefined;
  if (!introspection || typeof query !== "string") return SEND_A_TOKEN;
  try {
    const document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens, noLocation: true });
    return document.definitions.every(isIntrospectionOnly) ? undefined : SEND_A_TOKEN;
  } catch {
    return SEND_A_TOKEN;
  }
}

/**
 * The same rule once the document is known, for what the HTTP check cannot see (a persisted
 * query's cached document): no caller, nothing but introspection.
 */
export function requireCallerPlugin(introspection: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (contextValue.identity) return;
          if (introspection && document.definitions.every(isIntrospectionOnly)) return;
          throw unauthenticated(SEND_A_TOKEN);
        },
      };
    },
  };
}

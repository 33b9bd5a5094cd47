import type { ApolloGateway } from "@apollo/gateway";
import { DateScalar, DateTimeScalar } from "@gcn/shared";
import { isScalarType, valueFromASTUntyped, type GraphQLScalarType } from "graphql";

/** The platform's scalars as the subgraphs implement them. */
const SUBGRAPH_SCALARS: readonly GraphQLScalarType[] = [DateTimeScalar, DateScalar];

/**
 * A supergraph knows custom scalars by name only, so the gateway let `2026-02-30T10:00:00Z`
 * through and the subgraph refused it afterwards. Checking literals and variables with the
 * subgraphs' own parsers makes the gateway refuse it first (400, like any validation error);
 * the value itself still travels downstream untouched, so the subgraph parses what the client
 * sent.
 */
export function validateScalarsLikeSubgraphs(gateway: ApolloGateway): void {
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    for (const implementation of SUBGRAPH_SCALARS) {
      const type = apiSchema.getType(implementation.name);
      if (!isScalarType(type)) continue;
      type.parseValue = (value) => {
        implementation.parseValue(value);
        return value;
      };
      type.parseLiteral = (ast, variables) => {
        implementation.parseLiteral(ast, variables);
        return valueFromASTUntyped(ast, variables);
      };
    }
  });
}

import { Supergraph } from "@apollo/federation-internals";
import { findBreakingChanges, findDangerousChanges, type GraphQLSchema } from "graphql";

export interface SchemaCheckResult {
  /** Changes that break a client: removed or retyped fields, removed enum values, new required arguments... */
  breaking: string[];
  /** Changes a client may notice (a new enum value, a changed default) but that do not break it. */
  dangerous: string[];
}

/** The client-facing API of a supergraph: what the gateway serves, without federation's machinery. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * Compares the API a newly composed supergraph serves with the committed one, the way a client
 * sees it: field and argument changes are named `Type.field` so a department can find them.
 */
export function checkApiChanges(
  committedSupergraph: string,
  nextSupergraph: string,
): SchemaCheckResult {
  const before = apiSchemaOf(committedSupergraph);
  const after = apiSchemaOf(nextSupergraph);
  return {
    breaking: findBreakingChanges(before, after).map(
      (change) => `${change.type}: ${change.description}`,
    ),
    dangerous: findDangerousChanges(before, after).map(
      (change) => `${change.type}: ${change.description}`,
    ),
  };
}

/** A breaking change the project decided to make, with why and when (`--accept`). */
export interface AcceptedChange {
  change: string;
  why: string;
  on: string;
}

/** Where accepted breaking changes are recorded, beside the committed supergraph. */
export const ACCEPTED_CHANGES_FILE = "infra/supergraph/accepted-changes.json";

/** The breaking changes that no entry of `accepted` records. */
export function unaccepted(breaking: string[], accepted: AcceptedChange[]): string[] {
  const recorded = new Set(accepted.map((entry) => entry.change));
  return breaking.filter((change) => !recorded.has(change));
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

export interface SubgraphEntry {
  name: string;
  /** Routing URL written into the supergraph (overridable at run time by SUBGRAPH_URL_<NAME>). */
  url: string;
  /** The subgraph's emitted SDL, relative to the repository root. */
  schema: string;
}

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes the subgraphs' SDL files into a supergraph; any composition error is returned. */
export function composeSupergraph(root: string, subgraphs: SubgraphEntry[]): CompositionResult {
  const services = subgraphs.map((entry) => ({
    name: entry.name,
    url: entry.url,
    typeDefs: parse(readFileSync(path.join(root, entry.schema), "utf8")),
  }));
  const result = composeServices(services);
  if (result.errors) {
    return { errors: result.errors.map((error) => error.message), hints: [] };
  }
  return {
    supergraphSdl: result.supergraphSdl,
    errors: [],
    hints: result.hints.map((hint) => hint.toString()),
  };
}

/** Reads infra/supergraph/subgraphs.json: the list of subgraphs the platform composes. */
export function readSubgraphList(root: string): SubgraphEntry[] {
  return JSON.parse(
    readFileSync(path.join(root, "infra/supergraph/subgraphs.json"), "utf8"),
  ) as SubgraphEntry[];
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { SERVICE_REGISTRY, serviceFolder } from "@gcn/shared";
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

/** The subgraphs the platform composes: every registered service, at its default port. */
export function registeredSubgraphs(): SubgraphEntry[] {
  return SERVICE_REGISTRY.map((entry) => ({
    name: entry.name,
    url: `http://localhost:${entry.port}/graphql`,
    schema: `${serviceFolder(entry.name)}/schema.graphql`,
  }));
}

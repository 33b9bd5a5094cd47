import { buildSubgraph, type BuiltSubgraph } from "@gcn/shared";
import type { DataSource } from "typeorm";
import {
  GovernmentEntityInitiativesResolver,
  NetworkMeetingInitiativesResolver,
} from "./resolvers/entity-extensions.resolver";
import { InitiativeMutationsResolver } from "./resolvers/initiative-mutations.resolver";
import { initiativeReferences } from "./resolvers/initiative-references";
import { InitiativeSessionResolver } from "./resolvers/initiative-session.resolver";
import { MediaInitiativeResolver } from "./resolvers/media-initiative.resolver";
import { NetworkMeetingStub } from "./schema/federated-stubs";

/** The initiatives subgraph; `db` may be an uninitialised data source when only the SDL is wanted. */
export function buildInitiativesSubgraph(db: DataSource, timeZone: string): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [
      MediaInitiativeResolver,
      InitiativeSessionResolver,
      GovernmentEntityInitiativesResolver,
      NetworkMeetingInitiativesResolver,
      InitiativeMutationsResolver,
    ],
    references: initiativeReferences(db),
    // Reached by no query of this subgraph, only through the gateway.
    orphanedTypes: [NetworkMeetingStub],
    resolverDependencies: [db, timeZone],
  });
}

import { buildSubgraph, type BuiltSubgraph } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { entityReferences } from "./resolvers/entity-references";
import { EntityMutationsResolver } from "./resolvers/entity-mutations.resolver";
import { GovernmentEntityResolver } from "./resolvers/government-entity.resolver";
import { LiaisonResolver } from "./resolvers/liaison.resolver";
import { AgendaItemResolver, NetworkMeetingResolver } from "./resolvers/network-meeting.resolver";

/** The entities subgraph; `db` may be an uninitialised data source when only the SDL is wanted. */
export function buildEntitiesSubgraph(db: DataSource, timeZone: string): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [
      GovernmentEntityResolver,
      LiaisonResolver,
      NetworkMeetingResolver,
      AgendaItemResolver,
      EntityMutationsResolver,
    ],
    references: entityReferences(db),
    resolverDependencies: [db, timeZone],
  });
}

import { buildSubgraph, type BuiltSubgraph } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { EntityReputationResolver } from "./resolvers/entity-reputation.resolver";
import { reputationReferences } from "./resolvers/reputation-references";
import { ReputationMutationsResolver } from "./resolvers/reputation-mutations.resolver";
import { ReputationReportResolver } from "./resolvers/reputation-report.resolver";

/** The reputation subgraph; `db` may be an uninitialised data source when only the SDL is wanted. */
export function buildReputationSubgraph(db: DataSource, timeZone: string): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [ReputationReportResolver, EntityReputationResolver, ReputationMutationsResolver],
    references: reputationReferences(db),
    resolverDependencies: [db, timeZone],
  });
}

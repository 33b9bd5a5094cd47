import { buildSubgraph, type BuiltSubgraph } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { CommunicationPlanResolver } from "./resolvers/communication-plan.resolver";
import {
  GovernmentEntityPlanResolver,
  NetworkMeetingPlanResolver,
} from "./resolvers/entity-extensions.resolver";
import { PlanItemResolver } from "./resolvers/plan-item.resolver";
import { PlanMutationsResolver } from "./resolvers/plan-mutations.resolver";
import { planReferences } from "./resolvers/plan-references";
import { NetworkMeetingStub } from "./schema/federated-stubs";

/** The plan subgraph; `db` may be an uninitialised data source when only the SDL is wanted. */
export function buildPlanSubgraph(db: DataSource, timeZone: string): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [
      CommunicationPlanResolver,
      PlanItemResolver,
      GovernmentEntityPlanResolver,
      NetworkMeetingPlanResolver,
      PlanMutationsResolver,
    ],
    references: planReferences(db),
    // Reached by no query of this subgraph, only through the gateway.
    orphanedTypes: [NetworkMeetingStub],
    resolverDependencies: [db, timeZone],
  });
}

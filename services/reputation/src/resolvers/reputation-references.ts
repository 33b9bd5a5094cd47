import type { ReferenceResolvers, RequestContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { reportById } from "./reputation-report.resolver";

export function reputationReferences(db: DataSource): ReferenceResolvers {
  return {
    ReputationReport: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        reportById(db, context).load(ref.id),
    },
    GovernmentEntity: { __resolveReference: (ref: { id: string }) => ref },
  };
}

import type { ReferenceResolvers, RequestContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { planById, planItemById } from "./plan-queries";

/** `__resolveReference` for this subgraph's entities, batched per request. */
export function planReferences(db: DataSource): ReferenceResolvers {
  return {
    CommunicationPlan: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        planById(db, context).load(ref.id),
    },
    PlanItem: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        planItemById(db, context).load(ref.id),
    },
    // Foreign entities: the representation (id, and the meeting's required period) is enough.
    GovernmentEntity: { __resolveReference: (ref: { id: string }) => ref },
    NetworkMeeting: { __resolveReference: (ref: { id: string }) => ref },
  };
}

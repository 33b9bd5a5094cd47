import type { ReferenceResolvers, RequestContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { entityById, liaisonById, meetingById } from "./entity-loaders";

/** `__resolveReference` for the entities this subgraph owns, batched per request. */
export function entityReferences(db: DataSource): ReferenceResolvers {
  return {
    GovernmentEntity: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        entityById(db, context).load(ref.id),
    },
    Liaison: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        liaisonById(db, context).load(ref.id),
    },
    NetworkMeeting: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        meetingById(db, context).load(ref.id),
    },
  };
}

import type { ReferenceResolvers, RequestContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { initiativeById, sessionById } from "./initiative-queries";

/** `__resolveReference` for this subgraph's entities, batched per request. */
export function initiativeReferences(db: DataSource): ReferenceResolvers {
  return {
    MediaInitiative: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        initiativeById(db, context).load(ref.id),
    },
    InitiativeSession: {
      __resolveReference: (ref: { id: string }, context: RequestContext) =>
        sessionById(db, context).load(ref.id),
    },
    // Foreign entities: the representation (id, and the meeting's required period) is enough.
    GovernmentEntity: { __resolveReference: (ref: { id: string }) => ref },
    NetworkMeeting: { __resolveReference: (ref: { id: string }) => ref },
  };
}

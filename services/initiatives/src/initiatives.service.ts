import { entityRefHandlers, TOPICS, type ServiceDescriptor } from "@gcn/shared";
import { liaisonRefHandlers } from "./events/handlers/liaison-ref.handler";
import { InitiativesSchema1764000000300 } from "./migrations/1764000000300-initiatives-schema.migration";
import {
  GovernmentEntityInitiativesResolver,
  NetworkMeetingInitiativesResolver,
} from "./resolvers/entity-extensions.resolver";
import { InitiativeMutationsResolver } from "./resolvers/initiative-mutations.resolver";
import { initiativeById, sessionById } from "./queries/initiatives.queries";
import { InitiativeSessionResolver } from "./resolvers/initiative-session.resolver";
import { MediaInitiativeResolver } from "./resolvers/media-initiative.resolver";
import { InitiativeSubscriptionsResolver } from "./resolvers/initiative-subscriptions.resolver";
import { InitiativeSessionRow } from "./rows/initiative-session.row";
import { LiaisonRefRow } from "./rows/liaison-ref.row";
import { MediaInitiativeRow } from "./rows/media-initiative.row";
import { NetworkMeetingStub } from "./schema/federated-stubs";

/** The initiatives service: follows the entities and their liaisons (hosts, coordinators). */
export const service: ServiceDescriptor = {
  name: "initiatives",
  rows: [MediaInitiativeRow, InitiativeSessionRow, LiaisonRefRow],
  migrations: [InitiativesSchema1764000000300],
  entityRef: true,
  resolvers: [
    MediaInitiativeResolver,
    InitiativeSessionResolver,
    GovernmentEntityInitiativesResolver,
    NetworkMeetingInitiativesResolver,
    InitiativeMutationsResolver,
    InitiativeSubscriptionsResolver,
  ],
  owns: (db) => ({
    MediaInitiative: (context) => initiativeById(db, context),
    InitiativeSession: (context) => sessionById(db, context),
  }),
  foreignTypes: ["GovernmentEntity", "NetworkMeeting"],
  orphanedTypes: [NetworkMeetingStub],
  consumers: () => [
    {
      name: "entities",
      topics: [TOPICS.entities],
      handlers: { ...entityRefHandlers(), ...liaisonRefHandlers() },
    },
  ],
};

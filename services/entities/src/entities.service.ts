import { type ServiceDescriptor } from "@gcn/shared";
import { EntitiesSchema1764000000100 } from "./migrations/1764000000100-entities-schema.migration";
import { entityById, liaisonById, meetingById } from "./queries/entities.queries";
import { EntityMutationsResolver } from "./resolvers/entity-mutations.resolver";
import { GovernmentEntityResolver } from "./resolvers/government-entity.resolver";
import { LiaisonResolver } from "./resolvers/liaison.resolver";
import { AgendaItemResolver, NetworkMeetingResolver } from "./resolvers/network-meeting.resolver";
import { EntitySubscriptionsResolver } from "./resolvers/entity-subscriptions.resolver";
import { GovernmentEntityRow } from "./rows/government-entity.row";
import { LiaisonRow } from "./rows/liaison.row";
import { NetworkMeetingRow } from "./rows/network-meeting.row";

/**
 * The entities service: the reference data of the network. It consumes no other service's
 * events.
 */
export const service: ServiceDescriptor = {
  name: "entities",
  rows: [GovernmentEntityRow, LiaisonRow, NetworkMeetingRow],
  migrations: [EntitiesSchema1764000000100],
  resolvers: [
    GovernmentEntityResolver,
    LiaisonResolver,
    NetworkMeetingResolver,
    AgendaItemResolver,
    EntityMutationsResolver,
    EntitySubscriptionsResolver,
  ],
  owns: (db) => ({
    GovernmentEntity: (context) => entityById(db, context),
    Liaison: (context) => liaisonById(db, context),
    NetworkMeeting: (context) => meetingById(db, context),
  }),
};

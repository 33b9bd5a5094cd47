import { entityRefHandlers, TOPICS, type ServiceDescriptor } from "@gcn/shared";
import { sessionItemHandlers } from "./events/handlers/initiative-session.handler";
import { PlanSchema1764000000200 } from "./migrations/1764000000200-plan-schema.migration";
import { SessionItems1764000000201 } from "./migrations/1764000000201-session-items.migration";
import { CommunicationPlanResolver } from "./resolvers/communication-plan.resolver";
import {
  GovernmentEntityPlanResolver,
  NetworkMeetingPlanResolver,
} from "./resolvers/entity-extensions.resolver";
import { PlanItemResolver } from "./resolvers/plan-item.resolver";
import { PlanMutationsResolver } from "./resolvers/plan-mutations.resolver";
import { planById, planItemById } from "./queries/plan.queries";
import { PlanSubscriptionsResolver } from "./resolvers/plan-subscriptions.resolver";
import { CommunicationPlanRow } from "./rows/communication-plan.row";
import { PlanItemRow } from "./rows/plan-item.row";
import { NetworkMeetingStub } from "./schema/federated-stubs";

/** The plan service: follows the entities (owners) and turns initiative sessions into items. */
export const service: ServiceDescriptor = {
  name: "plan",
  rows: [CommunicationPlanRow, PlanItemRow],
  migrations: [PlanSchema1764000000200, SessionItems1764000000201],
  entityRef: true,
  resolvers: [
    CommunicationPlanResolver,
    PlanItemResolver,
    GovernmentEntityPlanResolver,
    NetworkMeetingPlanResolver,
    PlanMutationsResolver,
    PlanSubscriptionsResolver,
  ],
  owns: (db) => ({
    CommunicationPlan: (context) => planById(db, context),
    PlanItem: (context) => planItemById(db, context),
  }),
  foreignTypes: ["GovernmentEntity", "NetworkMeeting"],
  orphanedTypes: [NetworkMeetingStub],
  consumers: (config) => [
    { name: "entities", topics: [TOPICS.entities], handlers: entityRefHandlers() },
    {
      name: "initiatives",
      topics: [TOPICS.initiatives],
      handlers: sessionItemHandlers(config.timeZone),
    },
  ],
};

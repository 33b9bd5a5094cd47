import { AfterArg, changeTypeOf, GatewaySubscription, servedByTheGateway } from "@gcn/shared";
import { Arg, ID, Resolver } from "type-graphql";
import { GovernmentEntity } from "../schema/government-entity.type";
import { NetworkMeeting } from "../schema/network-meeting.type";

export const EntityChange = changeTypeOf(GovernmentEntity, "Entity", "entity");
export const NetworkMeetingChange = changeTypeOf(NetworkMeeting, "NetworkMeeting", "meeting");

/** Declared here so they are in the composed schema; the gateway serves them from the events. */
@Resolver()
export class EntitySubscriptionsResolver {
  @GatewaySubscription(
    EntityChange,
    "Each entity registered, changed or deactivated, and each change to one of its liaisons (the change's `entity` is the liaison's entity); only `id`'s when given",
  )
  entityChanged(
    @Arg("id", (_type) => ID, { nullable: true }) _id: string | null,
    @AfterArg() _after: string | null,
  ): never {
    return servedByTheGateway();
  }

  @GatewaySubscription(
    NetworkMeetingChange,
    "Each network meeting scheduled, given an agenda item, held or cancelled; only `id`'s when given",
  )
  networkMeetingChanged(
    @Arg("id", (_type) => ID, { nullable: true }) _id: string | null,
    @AfterArg() _after: string | null,
  ): never {
    return servedByTheGateway();
  }
}

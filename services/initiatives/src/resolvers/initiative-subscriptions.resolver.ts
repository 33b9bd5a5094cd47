import { AfterArg, changeTypeOf, GatewaySubscription, servedByTheGateway } from "@gcn/shared";
import { Arg, ID, Resolver } from "type-graphql";
import { InitiativeSession } from "../schema/initiative.types";

export const SessionChange = changeTypeOf(InitiativeSession, "Session", "session");

/** Declared here so they are in the composed schema; the gateway serves them from the events. */
@Resolver()
export class InitiativeSubscriptionsResolver {
  @GatewaySubscription(
    SessionChange,
    "Each session scheduled, rescheduled, held, published or cancelled; only those of `initiativeId` or hosted by `hostEntityId` when given",
  )
  sessionChanged(
    @Arg("initiativeId", (_type) => ID, { nullable: true }) _initiativeId: string | null,
    @Arg("hostEntityId", (_type) => ID, { nullable: true }) _hostEntityId: string | null,
    @AfterArg() _after: string | null,
  ): never {
    return servedByTheGateway();
  }
}

import {
  AfterArg,
  changeTypeOf,
  GatewaySubscription,
  PeriodInput,
  servedByTheGateway,
} from "@gcn/shared";
import { Arg, ID, Resolver } from "type-graphql";
import { PlanItem } from "../schema/plan-item.type";

export const PlanItemChange = changeTypeOf(PlanItem, "PlanItem", "item");

/** Declared here so they are in the composed schema; the gateway serves them from the events. */
@Resolver()
export class PlanSubscriptionsResolver {
  @GatewaySubscription(
    PlanItemChange,
    "Each plan item scheduled, changed or moved to a new status, items made from sessions too; only those starting in `period` or owned by `ownerId` when given",
  )
  planItemChanged(
    @Arg("period", (_type) => PeriodInput, { nullable: true }) _period: PeriodInput | null,
    @Arg("ownerId", (_type) => ID, { nullable: true }) _ownerId: string | null,
    @AfterArg() _after: string | null,
  ): never {
    return servedByTheGateway();
  }
}

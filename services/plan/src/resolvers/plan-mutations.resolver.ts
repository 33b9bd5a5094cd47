import { PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { createPlan, publishPlan } from "../commands/communication-plan.commands";
import {
  schedulePlanItem,
  setPlanItemStatus,
  updatePlanItem,
} from "../commands/plan-item.commands";
import { CommunicationPlan } from "../schema/communication-plan.type";
import { PlanItemStatus } from "../schema/plan-enums";
import { SchedulePlanItemInput, UpdatePlanItemInput } from "../schema/plan-item.inputs";
import { PlanItem } from "../schema/plan-item.type";

/** Plans belong to the centre (ADMIN); items also to the liaison of the owning entity. */
@Resolver()
export class PlanMutationsResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Authorized("ADMIN")
  @Mutation((_returns) => CommunicationPlan, {
    description: "One plan per period; a second answers CONFLICT",
  })
  createPlan(
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Ctx() context: RequestContext,
  ) {
    return createPlan(this.db, context, period);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => CommunicationPlan, {
    description: "DRAFT -> PUBLISHED; again answers CONFLICT",
  })
  publishPlan(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return publishPlan(this.db, context, id);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => PlanItem, {
    description: "The month plan of startsAt is created (DRAFT) if missing",
  })
  schedulePlanItem(@Arg("input") input: SchedulePlanItemInput, @Ctx() context: RequestContext) {
    return schedulePlanItem(this.db, context, input, this.timeZone);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => PlanItem)
  updatePlanItem(
    @Arg("id", (_type) => ID) id: string,
    @Arg("input") input: UpdatePlanItemInput,
    @Ctx() context: RequestContext,
  ) {
    return updatePlanItem(this.db, context, id, input, this.timeZone);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => PlanItem)
  setPlanItemStatus(
    @Arg("id", (_type) => ID) id: string,
    @Arg("status", (_type) => PlanItemStatus) status: PlanItemStatus,
    @Arg("outcome", (_type) => String, { nullable: true }) outcome: string | null,
    @Ctx() context: RequestContext,
  ) {
    return setPlanItemStatus(this.db, context, id, status, outcome);
  }
}

import { groupByKeys, nextMonth, PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import type { PlanItemRow } from "../rows/plan-item.row";
import { GovernmentEntityStub, NetworkMeetingStub } from "../schema/federated-stubs";
import { PlanItemStatus } from "../schema/plan-enums";
import { PlanItem } from "../schema/plan-item.type";
import { itemQuery, type ItemCriteria } from "../queries/plan.queries";

type PeriodValue = { year: number; month?: number | null };

/** Fields this subgraph adds to entities owned by the entities subgraph. */
@Resolver((_of) => GovernmentEntityStub)
export class GovernmentEntityPlanResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @FieldResolver((_type) => [PlanItem], {
    nullable: true,
    description: "The entity's plan items; null when the plan service is down",
  })
  planItems(
    @Root() entity: GovernmentEntityStub,
    @Arg("period", (_type) => PeriodInput, { nullable: true }) period: PeriodInput | null,
    @Arg("status", (_type) => PlanItemStatus, { nullable: true }) status: PlanItemStatus | null,
    @Ctx() context: RequestContext,
  ) {
    // One loader per argument set: a list of entities costs one query, not one per entity.
    const name = `planItemsOf:${period?.year ?? ""}:${period?.month ?? ""}:${status ?? ""}`;
    return context.loaders
      .get<string, PlanItemRow[]>(name, async (ownerIds) => {
        const rows = await itemQuery(
          this.db,
          { period, status, ownerIds: [...ownerIds] },
          this.timeZone,
        ).getMany();
        return groupByKeys(ownerIds, rows, (row) => row.ownerId);
      })
      .load(entity.id.toLowerCase());
  }
}

@Resolver((_of) => NetworkMeetingStub)
export class NetworkMeetingPlanResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  private itemsFor(
    context: RequestContext,
    name: string,
    criteria: (period: PeriodValue) => ItemCriteria,
  ) {
    return context.loaders.get<string, PlanItemRow[]>(name, (keys) =>
      Promise.all(
        keys.map((key) =>
          itemQuery(this.db, criteria(JSON.parse(key) as PeriodValue), this.timeZone).getMany(),
        ),
      ),
    );
  }

  @FieldResolver((_type) => [PlanItem], {
    nullable: true,
    description:
      "Items DONE whose startsAt falls in the meeting's period; null when the plan service is down",
  })
  @Directive(`@requires(fields: "period { year month }")`)
  achievements(@Root() meeting: NetworkMeetingStub, @Ctx() context: RequestContext) {
    if (!meeting.period) return [];
    return this.itemsFor(context, "achievements", (period) => ({ period, status: "DONE" })).load(
      JSON.stringify({ year: meeting.period.year, month: meeting.period.month }),
    );
  }

  @FieldResolver((_type) => [PlanItem], {
    nullable: true,
    description:
      "Items not CANCELLED in the month after the period; null when the plan service is down",
  })
  @Directive(`@requires(fields: "period { year month }")`)
  upcomingItems(@Root() meeting: NetworkMeetingStub, @Ctx() context: RequestContext) {
    if (!meeting.period) return [];
    const { year, month } = meeting.period;
    const next = month ? nextMonth({ year, month }) : { year: year + 1, month: null };
    return this.itemsFor(context, "upcomingItems", (period) => ({
      period,
      excludeStatus: "CANCELLED",
    })).load(JSON.stringify(next));
  }
}

import {
  pageRequest,
  Period,
  PeriodInput,
  periodRange,
  toConnection,
  type RequestContext,
} from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { IsNull, type DataSource } from "typeorm";
import { itemsByDay } from "../domain/calendar-days";
import { CLASHING_PRIORITIES, CLASHING_STATUSES, detectClashes } from "../domain/clash-detection";
import { CommunicationPlanRow } from "../rows/communication-plan.row";
import { CommunicationPlan } from "../schema/communication-plan.type";
import { CHANNEL_ORDER } from "../schema/plan-enums";
import { PlanItemFilter } from "../schema/plan-item.inputs";
import { CalendarDay, Clash, PlanItemConnection } from "../schema/plan-item.type";
import { itemQuery, planById } from "../queries/plan.queries";

@Resolver((_of) => CommunicationPlan)
export class CommunicationPlanResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Query((_returns) => CommunicationPlan, { nullable: true })
  plan(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return planById(this.db, context).load(id);
  }

  @Query((_returns) => CommunicationPlan, { nullable: true })
  planFor(@Arg("period", (_type) => PeriodInput) period: PeriodInput) {
    return this.db
      .getRepository(CommunicationPlanRow)
      .findOneBy({ periodYear: period.year, periodMonth: period.month ?? IsNull() });
  }

  @FieldResolver((_type) => Period)
  period(@Root() plan: CommunicationPlanRow): Period {
    return { year: plan.periodYear, month: plan.periodMonth };
  }

  @FieldResolver((_type) => PlanItemConnection, {
    description: "The items that start in the plan's period",
  })
  async items(
    @Root() plan: CommunicationPlanRow,
    @Arg("filter", (_type) => PlanItemFilter, { nullable: true }) filter: PlanItemFilter | null,
    @Arg("first", (_type) => Int, { nullable: true }) first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, total] = await itemQuery(
      this.db,
      { ...filter, period: { year: plan.periodYear, month: plan.periodMonth } },
      this.timeZone,
    )
      .skip(page.offset)
      .take(page.first)
      .getManyAndCount();
    return toConnection(rows, page, total);
  }

  @Query((_returns) => [CalendarDay], {
    description:
      "The days of the period that have items, in order; an item is listed on every day it spans",
  })
  async calendar(
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Arg("ownerId", (_type) => ID, { nullable: true }) ownerId: string | null,
  ): Promise<CalendarDay[]> {
    const { start, end } = periodRange(period, this.timeZone);
    const query = itemQuery(this.db, { ownerId }, this.timeZone).andWhere(
      "item.starts_at < :end AND (item.ends_at > :start OR item.starts_at >= :start)",
      { start, end },
    );
    return itemsByDay(await query.getMany(), start, end, this.timeZone);
  }

  @Query((_returns) => [Clash], {
    description: "Every clashing pair with at least one item starting in the period",
  })
  async clashes(@Arg("period", (_type) => PeriodInput) period: PeriodInput): Promise<Clash[]> {
    const { start, end } = periodRange(period, this.timeZone);
    const eligible = { statuses: [...CLASHING_STATUSES] };
    const priorities = { priorities: CLASHING_PRIORITIES };
    const starting = await itemQuery(this.db, { ...eligible, period }, this.timeZone)
      .andWhere("item.priority IN (:...priorities)", priorities)
      .getMany();
    if (starting.length === 0) return [];
    // Items starting outside the period clash only with in-period items they overlap.
    const latestEnd = new Date(Math.max(...starting.map((item) => item.endsAt.getTime())));
    const neighbours = await itemQuery(this.db, eligible, this.timeZone)
      .andWhere("item.priority IN (:...priorities)", priorities)
      .andWhere("(item.starts_at < :start OR item.starts_at >= :end)", { start, end })
      .andWhere("item.starts_at < :latestEnd AND item.ends_at > :start", { latestEnd })
      .getMany();
    return detectClashes([...starting, ...neighbours], start, end, CHANNEL_ORDER);
  }
}

import {
  LocaleArg,
  localized,
  LocaleOption,
  pageRequest,
  toConnection,
  type RequestContext,
} from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import type { PlanItemRow } from "../rows/plan-item.row";
import { CommunicationPlan } from "../schema/communication-plan.type";
import { GovernmentEntityStub, InitiativeSessionStub } from "../schema/federated-stubs";
import { PlanItemFilter } from "../schema/plan-item.inputs";
import { PlanItem, PlanItemConnection } from "../schema/plan-item.type";
import { itemQuery, planById, planItemById } from "../queries/plan.queries";

@Resolver((_of) => PlanItem)
export class PlanItemResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Query((_returns) => PlanItem, { nullable: true })
  planItem(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return planItemById(this.db, context).load(id);
  }

  @Query((_returns) => PlanItemConnection)
  async planItems(
    @Arg("filter", (_type) => PlanItemFilter, { nullable: true }) filter: PlanItemFilter | null,
    @Arg("first", (_type) => Int, { nullable: true }) first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, total] = await itemQuery(this.db, filter ?? {}, this.timeZone)
      .skip(page.offset)
      .take(page.first)
      .getManyAndCount();
    return toConnection(rows, page, total);
  }

  @FieldResolver((_type) => String)
  title(
    @Root() item: PlanItemRow,
    @Ctx() context: RequestContext,
    @LocaleArg()
    locale?: LocaleOption | null,
  ): string {
    return localized(context, item.titleAr, item.titleEn, locale);
  }

  @FieldResolver((_type) => CommunicationPlan)
  plan(@Root() item: PlanItemRow, @Ctx() context: RequestContext) {
    return planById(this.db, context).load(item.planId);
  }

  /** A reference only: the gateway asks the entities subgraph for the owner, batched. */
  @FieldResolver((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  owner(@Root() item: PlanItemRow): GovernmentEntityStub {
    return { id: item.ownerId };
  }

  @FieldResolver((_type) => InitiativeSessionStub, {
    nullable: true,
    description: "The session an item was made from",
  })
  initiativeSession(@Root() item: PlanItemRow): InitiativeSessionStub | null {
    return item.initiativeSessionId ? { id: item.initiativeSessionId } : null;
  }
}

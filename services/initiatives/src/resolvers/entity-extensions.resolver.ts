import { groupByKeys, PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import type { InitiativeSessionRow } from "../rows/initiative-session.row";
import { GovernmentEntityStub, NetworkMeetingStub } from "../schema/federated-stubs";
import { SessionStatus } from "../schema/initiative-enums";
import { InitiativeSession } from "../schema/initiative.types";
import { sessionQuery } from "../queries/initiatives.queries";

/** Fields this subgraph adds to entities owned by the entities subgraph. */
@Resolver((_of) => GovernmentEntityStub)
export class GovernmentEntityInitiativesResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @FieldResolver((_type) => [InitiativeSession], {
    nullable: true,
    description:
      "Sessions the entity hosts (scheduled in the period); null when the initiatives service is down",
  })
  initiativeSessions(
    @Root() entity: GovernmentEntityStub,
    @Arg("status", (_type) => SessionStatus, { nullable: true }) status: SessionStatus | null,
    @Arg("period", (_type) => PeriodInput, { nullable: true }) period: PeriodInput | null,
    @Ctx() context: RequestContext,
  ) {
    // One loader per argument set: a list of entities costs one query, not one per entity.
    const name = `sessionsHostedBy:${status ?? ""}:${period?.year ?? ""}:${period?.month ?? ""}`;
    return context.loaders
      .get<string, InitiativeSessionRow[]>(name, async (hostIds) => {
        const rows = await sessionQuery(
          this.db,
          { status, period, hostEntityIds: [...hostIds] },
          this.timeZone,
        ).getMany();
        return groupByKeys(hostIds, rows, (row) => row.hostEntityId);
      })
      .load(entity.id.toLowerCase());
  }
}

@Resolver((_of) => NetworkMeetingStub)
export class NetworkMeetingInitiativesResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @FieldResolver((_type) => [InitiativeSession], {
    nullable: true,
    description:
      "Sessions HELD or PUBLISHED whose heldAt is in the period; null when the initiatives service is down",
  })
  @Directive(`@requires(fields: "period { year month }")`)
  initiativeHighlights(@Root() meeting: NetworkMeetingStub, @Ctx() context: RequestContext) {
    if (!meeting.period) return [];
    return context.loaders
      .get<
        string,
        InitiativeSessionRow[]
      >("initiativeHighlights", (keys) => Promise.all(keys.map((key) => sessionQuery(this.db, { statuses: ["HELD", "PUBLISHED"], heldIn: JSON.parse(key) as { year: number; month: number | null } }, this.timeZone).getMany())))
      .load(JSON.stringify({ year: meeting.period.year, month: meeting.period.month }));
  }
}

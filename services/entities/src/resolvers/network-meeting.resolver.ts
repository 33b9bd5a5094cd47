import { Period, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { NetworkMeetingRow, type AgendaItemValue } from "../rows/network-meeting.row";
import { GovernmentEntity } from "../schema/government-entity.type";
import { Liaison } from "../schema/liaison.type";
import { AgendaItem, NetworkMeeting } from "../schema/network-meeting.type";
import { entityById, liaisonById, meetingById } from "../queries/entities.queries";

@Resolver((_of) => NetworkMeeting)
export class NetworkMeetingResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_returns) => NetworkMeeting, { nullable: true })
  networkMeeting(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return meetingById(this.db, context).load(id);
  }

  @Query((_returns) => [NetworkMeeting])
  networkMeetings(@Arg("year", (_type) => Int, { nullable: true }) year: number | null) {
    return this.db.getRepository(NetworkMeetingRow).find({
      where: year ? { periodYear: year } : {},
      order: { scheduledAt: "DESC" },
      take: 500,
    });
  }

  @FieldResolver((_type) => Period, { description: "The month under review" })
  period(@Root() meeting: NetworkMeetingRow): Period {
    return { year: meeting.periodYear, month: meeting.periodMonth };
  }

  @FieldResolver((_type) => [Liaison])
  async attendees(@Root() meeting: NetworkMeetingRow, @Ctx() context: RequestContext) {
    const found = await liaisonById(this.db, context).loadMany(meeting.attendeeIds);
    return found.filter((row) => row && !(row instanceof Error));
  }
}

@Resolver((_of) => AgendaItem)
export class AgendaItemResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => Liaison, { nullable: true })
  presenter(@Root() item: AgendaItemValue, @Ctx() context: RequestContext) {
    return item.presenterId ? liaisonById(this.db, context).load(item.presenterId) : null;
  }

  @FieldResolver((_type) => GovernmentEntity, { nullable: true })
  entity(@Root() item: AgendaItemValue, @Ctx() context: RequestContext) {
    return item.entityId ? entityById(this.db, context).load(item.entityId) : null;
  }
}

import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { MeetingStatus } from "./entity-enums";

@ObjectType()
export class AgendaItem {
  @Field((_type) => Int)
  position!: number;

  @Field()
  title!: string;

  presenterId!: string | null;
  entityId!: string | null;
}

@ObjectType({
  description: "The monthly network meeting: the month's achievements and next month's plan.",
})
@Directive(`@key(fields: "id")`)
export class NetworkMeeting {
  @Field((_type) => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  scheduledAt!: Date;

  @Field((_type) => String, { nullable: true })
  venue!: string | null;

  @Field((_type) => MeetingStatus)
  status!: MeetingStatus;

  @Field((_type) => [String])
  decisions!: string[];

  @Field((_type) => [AgendaItem])
  agenda!: AgendaItem[];

  periodYear!: number;
  periodMonth!: number | null;
  attendeeIds!: string[];
}

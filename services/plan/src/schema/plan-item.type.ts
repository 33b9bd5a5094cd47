import { connectionTypeOf, DateScalar } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Channel, PlanItemKind, PlanItemSource, PlanItemStatus, Priority } from "./plan-enums";

@ObjectType({ description: "An event, programme or activity of a government entity in the plan." })
@Directive(`@key(fields: "id")`)
export class PlanItem {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => PlanItemKind)
  kind!: PlanItemKind;

  @Field()
  titleAr!: string;

  @Field((_type) => String, { nullable: true })
  titleEn!: string | null;

  @Field((_type) => String, { nullable: true })
  description!: string | null;

  @Field()
  startsAt!: Date;

  @Field()
  endsAt!: Date;

  @Field((_type) => [Channel])
  channels!: Channel[];

  @Field((_type) => Priority)
  priority!: Priority;

  @Field((_type) => [String])
  keyMessages!: string[];

  @Field((_type) => [String], { description: "National plan tags, e.g. BAHRAINA" })
  nationalPlanTags!: string[];

  @Field((_type) => PlanItemStatus)
  status!: PlanItemStatus;

  @Field((_type) => String, { nullable: true, description: "The achievement note when DONE" })
  outcome!: string | null;

  @Field((_type) => PlanItemSource)
  source!: PlanItemSource;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  planId!: string;
  ownerId!: string;
  initiativeSessionId!: string | null;
}

export const PlanItemConnection = connectionTypeOf(PlanItem, "PlanItem");
export type PlanItemConnection = InstanceType<typeof PlanItemConnection>;

@ObjectType()
export class Clash {
  @Field((_type) => PlanItem)
  a!: PlanItem;

  @Field((_type) => PlanItem)
  b!: PlanItem;

  @Field((_type) => [Channel])
  sharedChannels!: Channel[];

  @Field()
  overlapStartsAt!: Date;

  @Field()
  overlapEndsAt!: Date;
}

@ObjectType()
export class CalendarDay {
  @Field((_type) => DateScalar, { description: "The day in the network's time zone" })
  date!: string;

  @Field((_type) => [PlanItem])
  items!: PlanItem[];
}

import { PeriodInput } from "@gcn/shared";
import { ArrayMaxSize, ArrayMinSize, IsUUID, Length, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { Channel, PlanItemKind, PlanItemStatus, Priority } from "./plan-enums";

@InputType()
export class PlanItemFilter {
  @Field((_type) => PeriodInput, { nullable: true })
  @ValidateNested()
  period?: PeriodInput | null;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "ownerId must be an ID issued by this platform" })
  ownerId?: string | null;

  @Field((_type) => PlanItemKind, { nullable: true })
  kind?: PlanItemKind | null;

  @Field((_type) => Priority, { nullable: true })
  priority?: Priority | null;

  @Field((_type) => PlanItemStatus, { nullable: true })
  status?: PlanItemStatus | null;

  @Field((_type) => String, { nullable: true })
  @Length(1, 60)
  tag?: string | null;
}

@InputType()
export class SchedulePlanItemInput {
  @Field((_type) => ID)
  @IsUUID("all", { message: "ownerId must be an ID issued by this platform" })
  ownerId!: string;

  @Field((_type) => PlanItemKind)
  kind!: PlanItemKind;

  @Field()
  @Length(3, 200, { message: "titleAr must be 3 to 200 characters" })
  titleAr!: string;

  @Field((_type) => String, { nullable: true })
  @Length(3, 200, { message: "titleEn must be 3 to 200 characters" })
  titleEn?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(1, 4000, { message: "description must be at most 4000 characters" })
  description?: string | null;

  @Field()
  startsAt!: Date;

  @Field()
  endsAt!: Date;

  @Field((_type) => [Channel])
  @ArrayMinSize(1, { message: "channels must name at least one channel" })
  @ArrayMaxSize(10)
  channels!: Channel[];

  @Field((_type) => Priority, { defaultValue: Priority.NORMAL })
  priority!: Priority;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(10, { message: "keyMessages holds at most 10 messages" })
  @Length(2, 500, { each: true, message: "each key message must be 2 to 500 characters" })
  keyMessages?: string[] | null;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(20)
  @Length(2, 60, { each: true, message: "each national plan tag must be 2 to 60 characters" })
  nationalPlanTags?: string[] | null;
}

@InputType()
export class UpdatePlanItemInput {
  @Field((_type) => PlanItemKind, { nullable: true })
  kind?: PlanItemKind | null;

  @Field((_type) => String, { nullable: true })
  @Length(3, 200, { message: "titleAr must be 3 to 200 characters" })
  titleAr?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(3, 200, { message: "titleEn must be 3 to 200 characters" })
  titleEn?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(1, 4000, { message: "description must be at most 4000 characters" })
  description?: string | null;

  @Field((_type) => Date, { nullable: true })
  startsAt?: Date | null;

  @Field((_type) => Date, { nullable: true })
  endsAt?: Date | null;

  @Field((_type) => [Channel], { nullable: true })
  @ArrayMinSize(1, { message: "channels must name at least one channel" })
  @ArrayMaxSize(10)
  channels?: Channel[] | null;

  @Field((_type) => Priority, { nullable: true })
  priority?: Priority | null;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(10, { message: "keyMessages holds at most 10 messages" })
  @Length(2, 500, { each: true, message: "each key message must be 2 to 500 characters" })
  keyMessages?: string[] | null;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(20)
  @Length(2, 60, { each: true, message: "each national plan tag must be 2 to 60 characters" })
  nationalPlanTags?: string[] | null;
}

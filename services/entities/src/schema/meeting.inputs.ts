import { PeriodInput } from "@gcn/shared";
import { IsUUID, Length, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

@InputType()
export class ScheduleMeetingInput {
  @Field()
  @Length(3, 200, { message: "title must be 3 to 200 characters" })
  title!: string;

  @Field()
  scheduledAt!: Date;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "venue must be 2 to 200 characters" })
  venue?: string | null;

  @Field((_type) => PeriodInput)
  @ValidateNested()
  period!: PeriodInput;
}

@InputType()
export class AgendaItemInput {
  @Field()
  @Length(3, 300, { message: "title must be 3 to 300 characters" })
  title!: string;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "presenterId must be an ID issued by this platform" })
  presenterId?: string | null;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "entityId must be an ID issued by this platform" })
  entityId?: string | null;
}

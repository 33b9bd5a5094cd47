import { Platform, PeriodInput } from "@gcn/shared";
import { ArrayMaxSize, IsUUID, Length, Matches, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { InitiativeFormat, SessionStatus } from "./initiative-enums";

@InputType()
export class ProposeInitiativeInput {
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, {
    message: "code must match ^[A-Z][A-Z0-9_]{1,31}$ (e.g. GIVE_ME_AN_UPDATE)",
  })
  code!: string;

  @Field()
  @Length(3, 200, { message: "titleAr must be 3 to 200 characters" })
  titleAr!: string;

  @Field((_type) => String, { nullable: true })
  @Length(3, 200, { message: "titleEn must be 3 to 200 characters" })
  titleEn?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(1, 4000, { message: "description must be at most 4000 characters" })
  description?: string | null;

  @Field((_type) => InitiativeFormat)
  format!: InitiativeFormat;

  @Field((_type) => [ID])
  @ArrayMaxSize(50)
  @IsUUID("all", { each: true, message: "partnerIds must be IDs issued by this platform" })
  partnerIds!: string[];
}

@InputType()
export class ScheduleSessionInput {
  @Field((_type) => ID)
  @IsUUID("all", { message: "initiativeId must be an ID issued by this platform" })
  initiativeId!: string;

  @Field((_type) => ID)
  @IsUUID("all", { message: "hostEntityId must be an ID issued by this platform" })
  hostEntityId!: string;

  @Field()
  @Length(2, 200, { message: "officialName must be 2 to 200 characters" })
  officialName!: string;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "officialTitle must be 2 to 200 characters" })
  officialTitle?: string | null;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "liaisonId must be an ID issued by this platform" })
  liaisonId?: string | null;

  @Field()
  scheduledAt!: Date;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(20)
  @Length(2, 200, { each: true, message: "each topic must be 2 to 200 characters" })
  topics?: string[] | null;

  @Field((_type) => [String], { nullable: true })
  @ArrayMaxSize(50)
  @Length(2, 200, { each: true, message: "each media outlet must be 2 to 200 characters" })
  mediaOutlets?: string[] | null;

  @Field((_type) => [Platform], { nullable: true })
  @ArrayMaxSize(10)
  platforms?: Platform[] | null;
}

@InputType()
export class SessionFilter {
  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "initiativeId must be an ID issued by this platform" })
  initiativeId?: string | null;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "hostEntityId must be an ID issued by this platform" })
  hostEntityId?: string | null;

  @Field((_type) => SessionStatus, { nullable: true })
  status?: SessionStatus | null;

  @Field((_type) => PeriodInput, {
    nullable: true,
    description: "Sessions scheduled in the period",
  })
  @ValidateNested()
  period?: PeriodInput | null;
}

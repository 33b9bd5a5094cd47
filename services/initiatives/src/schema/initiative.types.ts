import { connectionTypeOf, DateScalar, Platform } from "@gcn/shared";
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { InitiativeFormat, InitiativeStatus, SessionStatus } from "./initiative-enums";

@ObjectType({ description: "A media initiative series, e.g. عطني أبديت or لقاء مع مسؤول حكومي." })
@Directive(`@key(fields: "id")`)
export class MediaInitiative {
  @Field((_type) => ID)
  id!: string;

  @Field()
  code!: string;

  @Field()
  titleAr!: string;

  @Field((_type) => String, { nullable: true })
  titleEn!: string | null;

  @Field((_type) => String, { nullable: true })
  description!: string | null;

  @Field((_type) => InitiativeFormat)
  format!: InitiativeFormat;

  @Field((_type) => InitiativeStatus)
  status!: InitiativeStatus;

  @Field((_type) => DateScalar, { nullable: true })
  launchedOn!: string | null;

  partnerIds!: string[];
}

@ObjectType()
export class InitiativeStats {
  @Field((_type) => Int, { description: "Sessions scheduled, not counting cancelled ones" })
  sessionsScheduled!: number;

  @Field((_type) => Int, { description: "Sessions held (published ones included)" })
  sessionsHeld!: number;

  @Field((_type) => Int)
  sessionsPublished!: number;

  @Field((_type) => Int, { description: "Distinct host entities of held sessions" })
  entitiesReached!: number;

  @Field((_type) => Date, { nullable: true })
  lastHeldAt!: Date | null;
}

@ObjectType({ description: "One session of an initiative: an official, a host entity, the media." })
@Directive(`@key(fields: "id")`)
export class InitiativeSession {
  @Field((_type) => ID)
  id!: string;

  @Field()
  officialName!: string;

  @Field((_type) => String, { nullable: true })
  officialTitle!: string | null;

  @Field()
  scheduledAt!: Date;

  @Field((_type) => Date, { nullable: true })
  heldAt!: Date | null;

  @Field((_type) => [String])
  topics!: string[];

  @Field((_type) => [String])
  mediaOutlets!: string[];

  @Field((_type) => [Platform])
  platforms!: Platform[];

  @Field((_type) => SessionStatus)
  status!: SessionStatus;

  @Field((_type) => String, { nullable: true })
  publicationUrl!: string | null;

  @Field((_type) => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field((_type) => String, { nullable: true })
  notes!: string | null;

  initiativeId!: string;
  hostEntityId!: string;
  liaisonId!: string | null;
}

export const InitiativeSessionConnection = connectionTypeOf(InitiativeSession, "InitiativeSession");
export type InitiativeSessionConnection = InstanceType<typeof InitiativeSessionConnection>;

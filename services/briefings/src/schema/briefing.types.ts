import { DateTimeScalar, graphqlEnum, Period, type EnumValue } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";

export const BriefingStatus = graphqlEnum("BriefingStatus", "ISSUED DRAFT");
export type BriefingStatus = EnumValue<typeof BriefingStatus>;

/** What the resolvers hand the Briefing fields: the period and what is issued of it. */
export interface BriefingSource {
  period: { year: number; month: number };
  issued: { language: "ar" | "en"; format: "html" | "pdf"; sha256: string; issuedAt: Date }[];
}

@ObjectType({
  description:
    "A month's briefing pack: its addresses on the gateway's host (open them with the same token)",
})
export class Briefing {
  @Field((_type) => ID, { description: `"briefing:{year}-{month}"` })
  id!: string;

  @Field((_type) => Period)
  period!: Period;

  @Field({ description: "True until the month's report is published and the pack issued" })
  draft!: boolean;

  @Field((_type) => BriefingStatus)
  status!: BriefingStatus;

  @Field((_type) => DateTimeScalar, { nullable: true, description: "Null while a draft" })
  issuedAt!: Date | null;
}

// Entities of other subgraphs, with the period the pack is linked by (read with @requires).

@ObjectType("NetworkMeeting")
@Directive(`@key(fields: "id")`)
export class NetworkMeetingStub {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => Period)
  @Directive("@external")
  period?: Period;
}

@ObjectType("ReputationReport")
@Directive(`@key(fields: "id")`)
export class ReputationReportStub {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => Period)
  @Directive("@external")
  period?: Period;
}

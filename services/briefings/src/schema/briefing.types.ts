import { DateTimeScalar, graphqlEnum, LocaleOption, Period, type EnumValue } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";

export const BriefingStatus = graphqlEnum("BriefingStatus", "ISSUED DRAFT");
export type BriefingStatus = EnumValue<typeof BriefingStatus>;

@ObjectType({
  description:
    "The month's briefing pack: its addresses on the gateway's host (open them with the same token)",
})
export class BriefingPack {
  @Field((_type) => ID, { description: `"{year}-{month}:{ar|en}"` })
  id!: string;

  @Field((_type) => Period)
  period!: Period;

  @Field((_type) => LocaleOption)
  locale!: LocaleOption;

  @Field((_type) => BriefingStatus, {
    description: "ISSUED once the month's report is published and the pack kept; DRAFT before",
  })
  status!: BriefingStatus;

  @Field({ description: "e.g. /briefings/2026-11.html?lang=ar" })
  htmlUrl!: string;

  @Field()
  pdfUrl!: string;

  @Field((_type) => DateTimeScalar, { nullable: true, description: "Null while a draft" })
  issuedAt!: Date | null;

  @Field((_type) => String, {
    nullable: true,
    description: "SHA-256 (hex) of the issued HTML, as its ETag",
  })
  htmlSha256!: string | null;

  @Field((_type) => String, { nullable: true, description: "SHA-256 (hex) of the issued PDF" })
  pdfSha256!: string | null;
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

import { DateScalar, Period, Platform } from "@gcn/shared";
import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { RecommendationCode, ReportStatus, Severity } from "./reputation-enums";

@ObjectType("GovernmentEntity")
@Directive(`@key(fields: "id")`)
export class GovernmentEntityStub {
  @Field((_type) => ID)
  id!: string;
}

@ObjectType()
export class RejectedSample {
  @Field((_type) => Int, { description: "The sample's position in the call, from 0" })
  index!: number;

  @Field()
  reason!: string;
}

@ObjectType()
export class IngestResult {
  @Field((_type) => Int, { description: "Valid samples stored, new or replacing" })
  accepted!: number;

  @Field((_type) => Int, { description: "Of those, how many replaced a sample already stored" })
  updated!: number;

  @Field((_type) => [RejectedSample])
  rejected!: RejectedSample[];
}

// Plain fields read straight from the row (no middleware per field): a series is thousands.
@ObjectType({ simpleResolvers: true })
export class MetricSample {
  @Field((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  entity!: GovernmentEntityStub;

  @Field((_type) => Platform)
  platform!: Platform;

  @Field((_type) => DateScalar)
  date!: string;

  @Field((_type) => Int, { nullable: true }) followers!: number | null;
  @Field((_type) => Int, { nullable: true }) impressions!: number | null;
  @Field((_type) => Int, { nullable: true }) engagements!: number | null;
  @Field((_type) => Int, { nullable: true }) mentions!: number | null;
  @Field((_type) => Int, { nullable: true }) positiveMentions!: number | null;
  @Field((_type) => Int, { nullable: true }) negativeMentions!: number | null;
  @Field((_type) => Int, { nullable: true }) neutralMentions!: number | null;
  @Field((_type) => Int, { nullable: true }) inquiries!: number | null;
  @Field((_type) => Int, { nullable: true }) responses!: number | null;
  @Field((_type) => Float, { nullable: true }) medianResponseMinutes!: number | null;
}

@ObjectType()
export class ScoreComponents {
  @Field((_type) => Float) reach!: number;
  @Field((_type) => Float) engagementRate!: number;
  @Field((_type) => Float) netSentiment!: number;
  @Field((_type) => Float) shareOfVoice!: number;
  @Field((_type) => Float) responsiveness!: number;
  @Field((_type) => Float) followerGrowth!: number;
}

@ObjectType()
export class ReputationScore {
  @Field((_type) => ID, {
    description: "The entity and the period (one score per entity and period), for client caches",
  })
  id!: string;

  @Field((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  entity!: GovernmentEntityStub;

  @Field((_type) => Period)
  period!: Period;

  @Field((_type) => Float)
  score!: number;

  @Field((_type) => Int)
  rank!: number;

  @Field((_type) => Float, { nullable: true })
  previousScore!: number | null;

  @Field((_type) => Float, { nullable: true })
  delta!: number | null;

  @Field((_type) => ScoreComponents, { description: "The raw values behind the score" })
  components!: ScoreComponents;

  @Field((_type) => Int)
  sampleCount!: number;

  @Field((_type) => ScoreWeights, {
    nullable: true,
    description:
      'The points each weighted term adds to the score (id "score:<id>"); they sum to it. ' +
      "Null for reports generated before they were kept",
  })
  contributions!: ScoreWeights | null;

  @Field((_type) => [PlatformShare], {
    description:
      "Each platform's share of the month (of engagements, else impressions), largest first",
  })
  platforms!: PlatformShare[];
}

@ObjectType({ description: "One platform's part of an entity's month" })
export class PlatformShare {
  @Field((_type) => Platform)
  platform!: Platform;

  @Field((_type) => Float, { description: "0..1; an entity's shares sum to 1" })
  share!: number;

  @Field((_type) => Float)
  engagements!: number;

  @Field((_type) => Float)
  impressions!: number;
}

@ObjectType()
export class Recommendation {
  @Field((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  entity!: GovernmentEntityStub;

  @Field((_type) => RecommendationCode)
  code!: RecommendationCode;

  @Field((_type) => Severity)
  severity!: Severity;

  @Field((_type) => Platform, { nullable: true })
  platform!: Platform | null;

  @Field()
  messageAr!: string;

  @Field()
  messageEn!: string;

  @Field({ description: "The numbers behind the recommendation" })
  evidence!: string;
}

@ObjectType()
export class EntityActivity {
  @Field((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  entity!: GovernmentEntityStub;

  @Field((_type) => Int)
  planItemsDone!: number;

  @Field((_type) => Int)
  sessionsHeld!: number;
}

@ObjectType()
export class ScoreWeights {
  @Field((_type) => ID, {
    description: `"current" for the weights in force; "report:<id>" for those a report used`,
  })
  id!: string;

  @Field((_type) => Float) reach!: number;
  @Field((_type) => Float) engagement!: number;
  @Field((_type) => Float) sentiment!: number;
  @Field((_type) => Float) shareOfVoice!: number;
  @Field((_type) => Float) responsiveness!: number;
  @Field((_type) => Float) growth!: number;
}

@ObjectType({
  description: "A period's digital reputation report: scores, ranks, recommendations.",
})
@Directive(`@key(fields: "id")`)
export class ReputationReport {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => ReportStatus)
  status!: ReportStatus;

  @Field()
  formulaVersion!: string;

  @Field((_type) => ScoreWeights)
  weights!: ScoreWeights;

  @Field((_type) => Float)
  nationalIndex!: number;

  @Field()
  generatedAt!: Date;

  @Field((_type) => Date, { nullable: true })
  publishedAt!: Date | null;
}

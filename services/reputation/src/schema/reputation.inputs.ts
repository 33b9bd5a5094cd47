import { DateScalar, Platform } from "@gcn/shared";
import { Field, Float, ID, InputType, Int } from "type-graphql";

/** Checked row by row in the command (one set of checks for every way in), not here. */
@InputType()
export class MetricSampleInput {
  @Field((_type) => ID) entityId!: string;
  @Field((_type) => Platform) platform!: Platform;
  @Field((_type) => DateScalar) date!: string;
  @Field((_type) => Int, { nullable: true }) followers?: number | null;
  @Field((_type) => Int, { nullable: true }) impressions?: number | null;
  @Field((_type) => Int, { nullable: true }) engagements?: number | null;
  @Field((_type) => Int, { nullable: true }) mentions?: number | null;
  @Field((_type) => Int, { nullable: true }) positiveMentions?: number | null;
  @Field((_type) => Int, { nullable: true }) negativeMentions?: number | null;
  @Field((_type) => Int, { nullable: true }) neutralMentions?: number | null;
  @Field((_type) => Int, { nullable: true }) inquiries?: number | null;
  @Field((_type) => Int, { nullable: true }) responses?: number | null;
  @Field((_type) => Float, { nullable: true }) medianResponseMinutes?: number | null;
}

@InputType()
export class ScoreWeightsInput {
  @Field((_type) => Float) reach!: number;
  @Field((_type) => Float) engagement!: number;
  @Field((_type) => Float) sentiment!: number;
  @Field((_type) => Float) shareOfVoice!: number;
  @Field((_type) => Float) responsiveness!: number;
  @Field((_type) => Float) growth!: number;
}

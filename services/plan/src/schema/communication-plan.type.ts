import { Directive, Field, ID, ObjectType } from "type-graphql";
import { PlanStatus } from "./plan-enums";

@ObjectType({ description: "The plan of a month (or, with no month, of a year)." })
@Directive(`@key(fields: "id")`)
export class CommunicationPlan {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => PlanStatus)
  status!: PlanStatus;

  @Field((_type) => Date, { nullable: true })
  publishedAt!: Date | null;

  periodYear!: number;
  periodMonth!: number | null;
}

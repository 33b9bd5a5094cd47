import { PageInfo } from "@gcn/shared";
import { Field, Int, ObjectType } from "type-graphql";
import { GovernmentEntity } from "./government-entity.type";

@ObjectType()
export class GovernmentEntityEdge {
  @Field()
  cursor!: string;

  @Field((_type) => GovernmentEntity)
  node!: GovernmentEntity;
}

@ObjectType()
export class GovernmentEntityConnection {
  @Field((_type) => [GovernmentEntityEdge])
  edges!: GovernmentEntityEdge[];

  @Field((_type) => PageInfo)
  pageInfo!: PageInfo;

  @Field((_type) => Int)
  totalCount!: number;
}

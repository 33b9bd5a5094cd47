import { Period } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";

// Entities owned by other subgraphs: only the key and what this subgraph needs or adds.

@ObjectType("GovernmentEntity")
@Directive(`@key(fields: "id")`)
export class GovernmentEntityStub {
  @Field((_type) => ID)
  id!: string;
}

@ObjectType("Liaison")
@Directive(`@key(fields: "id", resolvable: false)`)
export class LiaisonStub {
  @Field((_type) => ID)
  id!: string;
}

/** The meeting's period comes from the entities subgraph with `@requires`, as in the plan. */
@ObjectType("NetworkMeeting")
@Directive(`@key(fields: "id")`)
export class NetworkMeetingStub {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => Period)
  @Directive("@external")
  period?: Period;
}

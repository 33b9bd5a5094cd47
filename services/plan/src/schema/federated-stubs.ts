import { Period } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";

// Entities owned by other subgraphs: only the key and what this subgraph needs or adds.

@ObjectType("GovernmentEntity")
@Directive(`@key(fields: "id")`)
export class GovernmentEntityStub {
  @Field((_type) => ID)
  id!: string;
}

/**
 * The meeting's period is read from the entities subgraph with `@requires`, so the month under
 * review is always the meeting's current one, with no projection to keep in step.
 */
@ObjectType("NetworkMeeting")
@Directive(`@key(fields: "id")`)
export class NetworkMeetingStub {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => Period)
  @Directive("@external")
  period?: Period;
}

/** A session of the initiatives subgraph, referenced by items made from it. */
@ObjectType("InitiativeSession")
@Directive(`@key(fields: "id", resolvable: false)`)
export class InitiativeSessionStub {
  @Field((_type) => ID)
  id!: string;
}

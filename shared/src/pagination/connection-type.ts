import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { PageInfo } from "../schema/shared-types";

/**
 * The Relay connection of a node type, `<name>Connection` with its `<name>Edge`: every list the
 * platform pages is one of these (filled by `toConnection`).
 */
export function connectionTypeOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field((_type) => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field((_type) => [Edge])
    edges!: Edge[];

    @Field((_type) => PageInfo)
    pageInfo!: PageInfo;

    @Field((_type) => Int)
    totalCount!: number;
  }
  return Connection;
}

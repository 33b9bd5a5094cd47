import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { printSchema } from "graphql";
import { buildSchemaSync, Field, ObjectType, Query, Resolver } from "type-graphql";
import { graphqlEnum, type EnumValue } from "../src/schema/graphql-enum";

const Mood = graphqlEnum("TestMood", "CALM BUSY OFF");
type Mood = EnumValue<typeof Mood>;

@ObjectType()
class Status {
  @Field((_type) => Mood)
  mood!: Mood;
}

@Resolver()
class StatusResolver {
  @Query((_returns) => Status)
  status(): Status {
    return { mood: Mood.BUSY };
  }
}

describe("graphqlEnum", () => {
  it("gives each value its own name, in the order given, and cannot be changed", () => {
    assert.deepEqual(Object.values(Mood), ["CALM", "BUSY", "OFF"]);
    assert.equal(Mood.OFF, "OFF");
    assert.ok(Object.isFrozen(Mood));
  });

  it("is a GraphQL enum under its name", () => {
    const sdl = printSchema(buildSchemaSync({ resolvers: [StatusResolver] }));
    assert.match(sdl, /enum TestMood \{\n {2}CALM\n {2}BUSY\n {2}OFF\n\}/);
    assert.match(sdl, /mood: TestMood!/);
  });
});

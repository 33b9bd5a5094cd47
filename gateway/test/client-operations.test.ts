import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  getNamedType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { REPO_ROOT } from "../src/config";
import { savedOperations } from "../src/explorer/saved-operations";
import { apiSchemaOf } from "../src/schema-check";

/** Selections of a type that has an `id` but where `id` is not asked: `Type at path`. */
function selectionsWithoutId(schema: GraphQLSchema, document: DocumentNode): string[] {
  const missing: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node) {
        const type = getNamedType(typeInfo.getType() ?? typeInfo.getParentType());
        if (!isObjectType(type) || !type.getFields().id) return;
        if (["Query", "Mutation"].includes(type.name)) return;
        const asked = node.selections.some(
          (selection) => selection.kind === Kind.FIELD && selection.name.value === "id",
        );
        if (!asked) missing.push(type.name);
      },
    }),
  );
  return missing;
}

/** The README's GraphQL operations (its ```graphql blocks that start with query or mutation). */
function readmeOperations(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```graphql\n([^]*?)```/g)]
    .map((match) => match[1]!)
    .filter((block) => /^\s*(query|mutation)\b/.test(block));
}

/** What front ends copy: every operation that normalises in a client cache (Apollo Client). */
describe("the platform's own example operations", () => {
  const schema = apiSchemaOf(
    readFileSync(path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql"), "utf8"),
  );
  const operations = [
    ...savedOperations("Asia/Bahrain").map((op) => ({
      name: `explorer ${op.name}`,
      query: op.query,
    })),
    ...readmeOperations().map((query, index) => ({ name: `README operation ${index + 1}`, query })),
  ];

  it("finds the explorer's and the README's operations", () => {
    assert.ok(operations.length >= 4, operations.map((op) => op.name).join(", "));
  });

  for (const { name, query } of operations) {
    it(`${name} is valid and selects id on every type that has one`, () => {
      const document = parse(query);
      assert.deepEqual(validate(schema, document), []);
      assert.deepEqual(selectionsWithoutId(schema, document), [], name);
    });
  }
});

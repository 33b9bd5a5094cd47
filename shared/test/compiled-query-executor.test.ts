import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
} from "@apollo/server-gateway-interface";
import {
  buildSchema,
  execute,
  getOperationAST,
  parse,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { compiledQueryExecutor } from "../src/subgraph/compiled-query-executor";
import { notFound } from "../src/errors/coded-errors";

const schema: GraphQLSchema = buildSchema(`
  type Sample { day: String! platform: String! value: Int }
  type Query { series(from: Int!, to: Int!): [Sample!]! sample(id: ID!): Sample }
  type Mutation { touch(n: Int!): Int! }
`);
let resolved = 0;
const rootValue = {
  series: ({ from, to }: { from: number; to: number }) => {
    resolved++;
    return Array.from({ length: to - from + 1 }, (_, i) => ({
      day: `day ${from + i}`,
      platform: i % 2 ? "X" : "YOUTUBE",
      value: i % 3 ? i : null,
    }));
  },
  sample: ({ id }: { id: string }) => {
    throw notFound("Sample", id);
  },
  /** Records when each call starts and ends; the first call is the slow one. */
  touch: async ({ n }: { n: number }) => {
    touches.push(`start ${n}`);
    await new Promise((resolve) => setTimeout(resolve, n === 1 ? 30 : 0));
    touches.push(`end ${n}`);
    return n + 1;
  },
};
const touches: string[] = [];

async function run(
  executor: GatewayExecutor,
  document: DocumentNode,
  variables: Record<string, unknown>,
) {
  const operation = getOperationAST(document)!;
  // Only what the executor reads; Apollo Server passes a fuller context.
  const request = {
    request: { variables },
    document,
    operation,
    operationName: null,
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
  return executor(request);
}

async function loadExecutor() {
  // The executor is handed the root value through the schema's resolvers, as type-graphql does.
  for (const [name, resolve] of Object.entries(rootValue)) {
    const type = name === "touch" ? schema.getMutationType()! : schema.getQueryType()!;
    type.getFields()[name]!.resolve = (_root, args) =>
      (resolve as (args: unknown) => unknown)(args);
  }
  const gateway = compiledQueryExecutor(schema);
  let announced: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => (announced = apiSchema));
  const { executor } = await gateway.load({ apollo: {} });
  assert.equal(announced, schema, "Apollo Server is given the subgraph's own schema");
  return { executor: executor!, stats: gateway.stats };
}

describe("compiled query executor", () => {
  it("answers a query with aliases and fragments exactly as graphql-js does", async () => {
    const { executor, stats } = await loadExecutor();
    const document = parse(`
      query ($from: Int!, $to: Int!) {
        all: series(from: $from, to: $to) { ...fields }
        firstTwo: series(from: $from, to: 2) { day }
      }
      fragment fields on Sample { day platform value }
    `);
    const variables = { from: 1, to: 500 };
    const compiled = await run(executor, document, variables);
    const interpreted = await execute({ schema, document, variableValues: variables });
    assert.deepEqual(JSON.parse(JSON.stringify(compiled)), JSON.parse(JSON.stringify(interpreted)));
    assert.equal((compiled.data?.all as unknown[]).length, 500);
    await run(executor, document, { from: 1, to: 3 });
    assert.deepEqual(stats, { compiled: 2, interpreted: 0 }, "both runs took the compiled path");
  });

  it("keeps a resolver's coded error, its path and a null where it failed", async () => {
    const { executor, stats } = await loadExecutor();
    const result = await run(executor, parse(`{ sample(id: "s-1") { day } }`), {});
    assert.deepEqual(result.data, { sample: null });
    assert.equal(result.errors?.length, 1);
    const [error] = result.errors!;
    assert.deepEqual(error!.path, ["sample"]);
    assert.match(error!.message, /Sample/);
    // The formatter reads the code from the original error or the extensions: either carries it.
    const code =
      error!.extensions?.code ??
      (error!.originalError as { extensions?: { code?: string } } | undefined)?.extensions?.code;
    assert.equal(code, "NOT_FOUND");
    assert.equal(stats.compiled, 1);
  });

  it("gives graphql-js's own answer to variables of the wrong type, resolving nothing", async () => {
    const { executor, stats } = await loadExecutor();
    const document = parse(`query ($from: Int!) { series(from: $from, to: 3) { day } }`);
    const before = resolved;
    const result = await run(executor, document, { from: "one" });
    const interpreted = await execute({ schema, document, variableValues: { from: "one" } });
    assert.equal(result.data, undefined);
    assert.deepEqual(
      result.errors?.map((e) => e.message),
      interpreted.errors?.map((e) => e.message),
    );
    assert.match(result.errors![0]!.message, /Variable "\$from" got invalid value "one"/);
    assert.equal(resolved, before, "no resolver ran");
    assert.deepEqual(stats, { compiled: 0, interpreted: 1 });
  });

  it("runs a mutation compiled, its fields one after the other in document order", async () => {
    const { executor, stats } = await loadExecutor();
    touches.length = 0;
    const result = await run(
      executor,
      parse(`mutation ($n: Int!) { first: touch(n: $n) second: touch(n: 2) }`),
      { n: 1 },
    );
    assert.deepEqual(JSON.parse(JSON.stringify(result)), { data: { first: 2, second: 3 } });
    assert.deepEqual(touches, ["start 1", "end 1", "start 2", "end 2"], "never in parallel");
    assert.deepEqual(stats, { compiled: 1, interpreted: 0 });
  });

  it("runs a mutation whose variables it refuses on graphql-js, which runs no resolver", async () => {
    const { executor, stats } = await loadExecutor();
    touches.length = 0;
    const result = await run(executor, parse(`mutation ($n: Int!) { touch(n: $n) }`), {
      n: "many",
    });
    assert.match(String(result.errors?.[0]?.message), /Int cannot represent/);
    assert.deepEqual(touches, [], "no resolver ran");
    assert.deepEqual(stats, { compiled: 0, interpreted: 1 });
  });
});

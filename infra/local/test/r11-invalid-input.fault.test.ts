import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLInputType,
} from "graphql";
import { apiSchemaOf, REPO_ROOT } from "@gcn/gateway";
import type { ServiceRuntime } from "@gcn/shared";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const RUNS = Number(process.env.R11_RUNS ?? 1000);
const CODED = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "FORBIDDEN",
  "GRAPHQL_VALIDATION_FAILED",
]);
const SUPERGRAPH = readFileSync(
  path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql"),
  "utf8",
);

/** Strings people (and attackers) actually send. */
const NASTY = [
  "'; DROP TABLE government_entity; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "${jndi:ldap://example.org/a}",
  "../../etc/passwd",
  "null",
  "   ",
  "",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "ـــــ",
  "عطني أبديت 🎥",
  "%s%s%s%n",
  "{{7*7}}",
];

/** Invalid (and some valid) values for each input type, by its GraphQL type. */
function arbitraryFor(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) {
    return fc.oneof(
      { arbitrary: arbitraryFor(type.ofType, ids, depth), weight: 9 },
      { arbitrary: fc.constant(null), weight: 1 },
    );
  }
  if (type instanceof GraphQLList) {
    return fc.oneof(
      fc.array(arbitraryFor(type.ofType, ids, depth + 1), { maxLength: depth > 1 ? 1 : 4 }),
      arbitraryFor(type.ofType, ids, depth + 1),
    );
  }
  if (type instanceof GraphQLEnumType) {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)), weight: 4 },
      { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
    );
  }
  if (type instanceof GraphQLInputObjectType) {
    if (depth > 3) return fc.constant({});
    const fields = Object.fromEntries(
      Object.values(type.getFields()).map((field) => [
        field.name,
        arbitraryFor(field.type, ids, depth + 1),
      ]),
    );
    return fc.record(fields, { requiredKeys: [] });
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case "ID":
      return fc.oneof(
        fc.constantFrom(...ids),
        fc.uuid(),
        fc.constantFrom(...NASTY),
        fc.string({ maxLength: 40 }),
        fc.integer(),
      );
    case "String":
      return fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.string({ minLength: 200, maxLength: 6000 }),
        fc.constantFrom(...NASTY),
        fc.integer(),
      );
    case "Int":
      return fc.oneof(
        fc.integer(),
        fc.constantFrom(-1, 0, 2 ** 31 - 1, -(2 ** 31), 2 ** 53),
        fc.double({ noNaN: true }),
        fc.string({ maxLength: 5 }),
      );
    case "Float":
      return fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(-1, 0, 1e308, -1e308),
        fc.string({ maxLength: 5 }),
      );
    case "Boolean":
      return fc.oneof(fc.boolean(), fc.string({ maxLength: 5 }));
    case "Date":
      return fc.oneof(
        fc
          .date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom("2025-02-30", "2025-13-01", "2025-1-1", "0000-00-00", "9999-12-31"),
        fc.string({ maxLength: 12 }),
      );
    case "DateTime":
      return fc.oneof(
        fc
          .date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.constantFrom("2025-02-30T10:00:00Z", "2025-01-01T25:00:00Z", "yesterday"),
        fc.string({ maxLength: 25 }),
      );
    default:
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null));
  }
}

/** The service that owns a root mutation, read from the supergraph's join__field. */
function ownerOf(mutation: string): string {
  const match = new RegExp(`^\\s+${mutation}\\(.*@join__field\\(graph: (\\w+)\\)`, "m").exec(
    SUPERGRAPH,
  );
  assert.ok(match, `the supergraph names the owner of ${mutation}`);
  return match[1]!.toLowerCase();
}

describe("R11: invalid inputs for every mutation", () => {
  let platform: TestPlatform;
  let ids: string[];

  before(async () => {
    platform = await startPlatformForTest({ seedDemoData: true });
    const rows = async (runtime: ServiceRuntime, sql: string) =>
      ((await runtime.dataSource.query(sql)) as { id: string }[]).map((row) => row.id);
    // Real ids of every kind, so "an id of the wrong kind" is among the cases.
    ids = [
      ...(await rows(platform.entities, `SELECT id::text FROM government_entity LIMIT 3`)),
      ...(await rows(platform.entities, `SELECT id::text FROM liaison LIMIT 2`)),
      ...(await rows(platform.entities, `SELECT id::text FROM network_meeting LIMIT 1`)),
      ...(await rows(platform.plan, `SELECT id::text FROM plan_item LIMIT 2`)),
      ...(await rows(platform.plan, `SELECT id::text FROM communication_plan LIMIT 1`)),
      ...(await rows(platform.initiatives, `SELECT id::text FROM initiative_session LIMIT 2`)),
      ...(await rows(platform.initiatives, `SELECT id::text FROM media_initiative LIMIT 1`)),
      ...(await rows(platform.reputation, `SELECT id::text FROM reputation_report LIMIT 1`)),
    ];
  });
  after(async () => {
    await platform.stop();
  });

  const outboxCount = async (service: string) => {
    const runtime = platform[service as "entities"] as ServiceRuntime;
    const [row] = (await runtime.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)) as {
      n: number;
    }[];
    return row!.n;
  };

  const schema = apiSchemaOf(SUPERGRAPH);
  const mutations = Object.values(schema.getMutationType()!.getFields());

  for (const mutation of mutations) {
    it(`${mutation.name}: ${RUNS} generated inputs, never INTERNAL_SERVER_ERROR, a rejection writes nothing`, async () => {
      const service = ownerOf(mutation.name);
      const declared = mutation.args
        .map((arg) => `$${arg.name}: ${arg.type.toString()}`)
        .join(", ");
      const passed = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      const query = `mutation${declared ? `(${declared})` : ""} { ${mutation.name}${passed ? `(${passed})` : ""} { __typename } }`;
      const variables = fc.record(
        Object.fromEntries(mutation.args.map((arg) => [arg.name, arbitraryFor(arg.type, ids)])),
        { requiredKeys: [] },
      );
      const tally = { accepted: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(variables, async (vars) => {
          const before = await outboxCount(service);
          const result = await platform.as(
            ["ADMIN", "INGEST"],
            query,
            vars as Record<string, unknown>,
          );
          const codes = (result.errors ?? []).map((error) => String(error.extensions?.code));
          for (const code of codes) {
            assert.ok(
              CODED.has(code),
              `${mutation.name} answered ${code}: ${JSON.stringify(result.errors)} for ${JSON.stringify(vars).slice(0, 500)}`,
            );
          }
          if (codes.length > 0) {
            tally.rejected++;
            assert.equal(
              await outboxCount(service),
              before,
              `a rejected ${mutation.name} emitted an event`,
            );
          } else {
            tally.accepted++;
          }
        }),
        { numRuns: RUNS },
      );
      console.log(
        `# ${mutation.name}: ${tally.rejected} rejected with a code, ${tally.accepted} accepted`,
      );
    });
  }

  it("stores strings verbatim (registerEntity's names read back unchanged)", async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme", minLength: 2, maxLength: 120 }),
          fc.constantFrom(...NASTY),
        ),
        async (name) => {
          const code =
            `V${(stored + Math.floor(Math.random() * 1e9)).toString(36).toUpperCase()}`.slice(
              0,
              20,
            );
          const created = await platform.as<{ registerEntity: { id: string; nameAr: string } }>(
            ["ADMIN"],
            `mutation($code: String!, $name: String!) { registerEntity(input: { code: $code, nameAr: $name, kind: OTHER }) { id nameAr } }`,
            { code, name },
          );
          if (created.errors) {
            assert.ok(
              CODED.has(String(created.errors[0]!.extensions?.code)),
              JSON.stringify(created.errors),
            );
            return;
          }
          stored++;
          const read = await platform.as<{ entity: { nameAr: string } }>(
            ["ANALYST"],
            `query($id: ID!) { entity(id: $id) { nameAr } }`,
            { id: created.data!.registerEntity.id },
          );
          assert.equal(read.data!.entity.nameAr, name);
        },
      ),
      { numRuns: Math.min(RUNS, 300) },
    );
    console.log(`# ${stored} names stored and read back verbatim`);
    assert.ok(stored > 0);
  });
});

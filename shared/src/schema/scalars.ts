import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver } from "graphql-scalars";

/** `DateTime`: ISO-8601 on the wire, a JS Date inside. */
export const DateTimeScalar = DateTimeResolver;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` as a real calendar day, or returns null. */
export function parseDay(value: string): string | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return value;
}

function coerceDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string" && parseDay(value)) return value;
  throw new GraphQLError(
    `Date must be a calendar day as YYYY-MM-DD, got ${JSON.stringify(value)}`,
    {
      extensions: { code: "BAD_USER_INPUT" },
    },
  );
}

/** Outgoing days come from PostgreSQL `date`s: the shape is checked, not the calendar again. */
function serializeDay(value: unknown): string {
  if (typeof value === "string" && value.length === 10 && DAY.test(value)) return value;
  return coerceDay(value);
}

/** `Date`: a calendar day, `YYYY-MM-DD` on the wire and as a string inside. */
export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar day, YYYY-MM-DD.",
  serialize: serializeDay,
  parseValue: coerceDay,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError("Date must be a string YYYY-MM-DD", {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    return coerceDay(ast.value);
  },
});

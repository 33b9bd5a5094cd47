import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";

/** BAD_USER_INPUT answered with HTTP 400, as for any input the schema refuses. */
function refused(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}), http: { status: 400 } },
  });
}

/** U+0000 (PostgreSQL text cannot hold it) or half of a surrogate pair (not Unicode text). */
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first malformed string inside a variable's value, if any. */
function malformedPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return MALFORMED.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = malformedPath(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = malformedPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function documentHasMalformedString(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (MALFORMED.test(node.value)) found = true;
    },
  });
  return found;
}

/**
 * A string holding U+0000 or a lone surrogate is refused as BAD_USER_INPUT before any resolver
 * runs, instead of failing deep in a validator or a write as an internal error.
 */
export const rejectMalformedStrings: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        for (const [name, value] of Object.entries(request.variables ?? {})) {
          const path = malformedPath(value, name);
          if (path) {
            throw refused(`${path} must be Unicode text without U+0000`, path);
          }
        }
        if (documentHasMalformedString(document)) {
          throw refused("Strings must be Unicode text without U+0000");
        }
      },
    };
  },
};

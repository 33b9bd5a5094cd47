import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import {
  decodeCursor,
  encodeCursor,
  pageRequest,
  toConnection,
} from "../src/pagination/relay-connection";

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
  return undefined;
}

describe("Relay pagination", () => {
  it("defaults to 50 and starts at the beginning", () => {
    assert.deepEqual(pageRequest(), { first: 50, offset: 0 });
  });

  it("accepts 1 and 200, refuses 0, 201 and fractions naming `first`", () => {
    assert.equal(pageRequest(1).first, 1);
    assert.equal(pageRequest(200).first, 200);
    for (const bad of [0, 201, 2.5, -1]) {
      assert.deepEqual(
        codeOf(() => pageRequest(bad)),
        { code: "BAD_USER_INPUT", field: "first" },
      );
    }
  });

  it("continues after the cursor it issued", () => {
    assert.equal(decodeCursor(encodeCursor(41)), 41);
    assert.deepEqual(pageRequest(10, encodeCursor(9)), { first: 10, offset: 10 });
  });

  it("refuses a cursor it did not issue", () => {
    assert.deepEqual(
      codeOf(() => pageRequest(10, "not-a-cursor")),
      { code: "BAD_USER_INPUT", field: "after" },
    );
  });

  it("builds edges, end cursor and hasNextPage", () => {
    const page = pageRequest(2, encodeCursor(1));
    const connection = toConnection(["c", "d"], page, 5);
    assert.deepEqual(
      connection.edges.map((e) => [decodeCursor(e.cursor), e.node]),
      [
        [2, "c"],
        [3, "d"],
      ],
    );
    assert.equal(connection.pageInfo.hasNextPage, true);
    assert.equal(decodeCursor(connection.pageInfo.endCursor!), 3);
    assert.equal(connection.totalCount, 5);
    const last = toConnection(["e"], pageRequest(2, encodeCursor(3)), 5);
    assert.equal(last.pageInfo.hasNextPage, false);
    assert.equal(toConnection([], pageRequest(), 0).pageInfo.endCursor, null);
  });
});

import { badUserInput } from "../errors/coded-errors";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageRequest {
  first: number;
  /** Offset decoded from the `after` cursor: rows to skip. */
  offset: number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw badUserInput("after is not a cursor this API issued", "after");
  return Number(match[1]);
}

/** Validates `first` (1..200, default 50) and `after`; bad values answer BAD_USER_INPUT. */
export function pageRequest(first?: number | null, after?: string | null): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, "first");
  }
  return { first: size, offset: after ? decodeCursor(after) + 1 : 0 };
}

/** Builds a connection from one page of rows fetched with `offset`/`first` and the total. */
export function toConnection<T>(rows: T[], page: PageRequest, totalCount: number): Connection<T> {
  const edges = rows.map((node, index) => ({ cursor: encodeCursor(page.offset + index), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.offset + rows.length < totalCount,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
    },
    totalCount,
  };
}

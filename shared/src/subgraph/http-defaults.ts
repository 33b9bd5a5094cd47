import type { Express } from "express";

/** What the gateway's and every subgraph's express app share before its routes. */
export function applyHttpDefaults(app: Express): void {
  app.disable("x-powered-by");
  // No ETag: a GraphQL POST answer is never revalidated, and hashing it (an entity-year of
  // samples is 200 kB) costs every request.
  app.set("etag", false);
}

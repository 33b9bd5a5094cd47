export * from "./config";
export * from "./gateway-server";
export * from "./auth/jwt-verifier";
export * from "./supergraph-composer";
export * from "./query-limits";
export * from "./subgraph-http-client";
export * from "./schema-check";
export * from "./explorer/saved-operations";

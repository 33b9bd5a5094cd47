import type { IncomingMessage } from "node:http";
import type { HTTPGraphQLResponse } from "@apollo/server";
import { getOperationAST, parse } from "graphql";
import type { Identity } from "@gcn/shared";
import type { JwtVerifier } from "./auth/jwt-verifier";
import type { GatewayMetrics } from "./gateway-metrics";
import { InFlightFetches } from "./in-flight-fetches";
import { utf8BytesOf } from "./utf8-bytes";
import { parseOptionsFor } from "./query-limits";
import { documentKeyOf, KnownDocuments } from "./known-documents";

interface ParsedOperation {
  type: string;
  name?: string;
}

/** An answer as Apollo Server made it once, written again for every caller who shared it. */
export interface SharedAnswer {
  status: number;
  headers: [string, string][];
  body: string;
  /** The body in UTF-8, encoded once for every caller who shares it. */
  bytes: Buffer;
}

export function sharedAnswerOf(response: HTTPGraphQLResponse): SharedAnswer | undefined {
  if (response.body.kind !== "complete") return undefined;
  return {
    status: response.status ?? 200,
    headers: [...response.headers],
    body: response.body.string,
    bytes: utf8BytesOf(response.body.string),
  };
}

/**
 * The first of in-flight deduplication's two levels: identical query operations in flight at
 * the same moment run once through the gateway (parse, plan, every subgraph fetch, result
 * shaping, serialisation) and every caller gets the same answer written. Identical means the
 * same body bytes (document, variables, operation name, extensions) and the same of what else
 * the answer can depend on: the caller's roles and Accept-Language, as for subgraph fetches
 * (see SignedSubgraphDataSource), and the Accept header (the answer's media type). The caller's token is verified for every request, and each
 * gets its own request id; mutations, subscriptions, incremental delivery and requests carrying
 * a `traceparent` (their trace wants the gateway's spans) never share.
 */
export class SharedOperations {
  readonly inFlight = new InFlightFetches<SharedAnswer | undefined>();
  private readonly operations = new KnownDocuments<ParsedOperation | null>();
  /** The roles part of the key, per verified identity (the verifier hands out one per token). */
  private readonly rolesOf = new WeakMap<Identity, string>();

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** The operation's type and name, or null when the document does not parse. */
  private operationOf(query: string, operationName: string | undefined): ParsedOperation | null {
    const cacheKey = documentKeyOf(query, operationName);
    let operation = this.operations.get(cacheKey);
    if (operation === undefined) {
      try {
        const ast = getOperationAST(parse(query, parseOptionsFor()), operationName);
        operation = ast ? { type: ast.operation, name: ast.name?.value } : null;
      } catch {
        operation = null;
      }
      this.operations.set(cacheKey, operation);
    }
    return operation;
  }

  /**
   * The key that identical requests share, or undefined when this one runs on its own (not a
   * query, no valid token, a multipart answer asked for, a body not read as text).
   */
  async keyOf(
    req: IncomingMessage,
    raw: string | undefined,
    body: unknown,
  ): Promise<{ key: string; operationName?: string } | undefined> {
    const authorization = req.headers.authorization;
    if (raw === undefined || !authorization) return undefined;
    if (req.headers.accept?.includes("multipart")) return undefined;
    // A traced request runs on its own, so that its trace has the gateway's spans.
    if (req.headers.traceparent) return undefined;
    const request = body as { query?: unknown; operationName?: unknown } | null;
    if (typeof request?.query !== "string") return undefined;
    const operationName =
      typeof request.operationName === "string" ? request.operationName : undefined;
    const operation = this.operationOf(request.query, operationName);
    if (operation?.type !== "query") return undefined;
    let roles: string | undefined;
    try {
      const { identity } = await this.verifier.verifyBearer(authorization);
      roles = this.rolesOf.get(identity);
      if (roles === undefined) {
        roles = [...new Set(identity.roles)].sort().join(",");
        this.rolesOf.set(identity, roles);
      }
    } catch {
      // Apollo Server's pipeline answers the bad token, with its coded error.
      return undefined;
    }
    // Accept picks the answer's media type (and with it the status of an error answer).
    return {
      key: `${roles}\n${req.headers["accept-language"] ?? ""}\n${req.headers.accept ?? ""}\n${raw}`,
      // The metrics label of the operation that ran, as the metrics plugin gives it.
      operationName: operation.name,
    };
  }

  /** Counts a request answered by another's run, as the metrics plugin counts the others. */
  answeredByShare(operationName: string | undefined, answer: SharedAnswer, seconds: number) {
    let outcome = "ok";
    if (answer.body.startsWith('{"errors"')) {
      try {
        const code = (JSON.parse(answer.body) as { errors: { extensions?: { code?: unknown } }[] })
          .errors[0]?.extensions?.code;
        outcome = typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
      } catch {
        outcome = "INTERNAL_SERVER_ERROR";
      }
    }
    this.metrics.requestAnswered(operationName, outcome, seconds);
    this.metrics.operationShared();
  }
}

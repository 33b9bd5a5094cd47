import type { IncomingMessage } from "node:http";
import type { Experimental_DidResolveQueryPlanCallback } from "@apollo/gateway";
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import type { QueryPlan } from "@apollo/query-planner";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type {
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLSchema,
  VariableDefinitionNode,
} from "graphql";
import { getVariableValues, Kind, visit } from "graphql";
import { logRequestDropped, type Logger } from "@gcn/shared";
import type { GatewayContext } from "../gateway-context";
import type { GatewayMetrics } from "../gateway-metrics";
import { WaiterGoneError } from "../in-flight-fetches";
import { documentKeyOf, KnownDocuments } from "../known-documents";
import { FetchReplay } from "./fetch-replay";
import { checkRunnable, runPlan, UnrunnablePlan, type DeduplicatedFetch } from "./plan-executor";
import { SelectionShape, UNSHAPED, UnshapeableOperation } from "./result-shaper";

/** A subgraph as the planned path calls it (SignedSubgraphDataSource.query). */
export interface PlannedSubgraph {
  query(
    body: string,
    context: Partial<GatewayContext>,
    deduplicated?: DeduplicatedFetch,
  ): Promise<GatewayGraphQLResponse>;
}

/** Accept headers whose media type is remembered (clients send a handful). */
const KNOWN_ACCEPT_HEADERS = 100;
/** Apollo Server's answer type when a request has no Accept header. */
const DEFAULT_MEDIA_TYPE = "application/json; charset=utf-8";

/** Headers fixed once made: a change would reach every answer that shares them. */
class SealedHeaderMap extends HeaderMap {
  private readonly sealed: boolean;

  constructor(entries: readonly (readonly [string, string])[]) {
    super(entries);
    this.sealed = true;
  }

  override set(key: string, value: string): this {
    // Map's constructor adds the entries through set, before `sealed` is given its value.
    if (this.sealed) throw new TypeError("a planned answer's headers are shared; copy them");
    return super.set(key, value);
  }

  override delete(): boolean {
    throw new TypeError("a planned answer's headers are shared; copy them");
  }

  override clear(): void {
    throw new TypeError("a planned answer's headers are shared; copy them");
  }
}

/**
 * Request extensions that change nothing in an answer. Apollo Client 4 names itself in every
 * request (`extensions.clientLibrary`, its client awareness, on by default), and Apollo
 * Server only reads it for usage reporting, which the gateway does not do. Anything else (a
 * persisted query's hash, an extension a plugin might read) goes through Apollo Server.
 */
const HARMLESS_EXTENSIONS = new Set(["clientLibrary"]);

function harmlessExtensions(extensions: unknown): boolean {
  if (extensions === undefined) return true;
  if (typeof extensions !== "object" || extensions === null || Array.isArray(extensions)) {
    return false;
  }
  for (const name in extensions) if (!HARMLESS_EXTENSIONS.has(name)) return false;
  return true;
}

/** A query Apollo has parsed, validated and planned once, ready to run without it. */
interface PlannedOperation {
  /** Where it is remembered: operation name and document. */
  key: string;
  schema: GraphQLSchema;
  plan: QueryPlan;
  rootType: GraphQLObjectType;
  variableDefinitions: readonly VariableDefinitionNode[];
  shape: SelectionShape;
  subgraphs: Record<string, PlannedSubgraph>;
  /** The metrics label, as the metrics plugin gives it: the operation's own name. */
  operationName?: string;
  /** Variables (as JSON) the schema accepted for it: checked once, not on every request. */
  acceptedVariables: Set<string>;
}

/** Accepted variable sets remembered per operation (a page's few periods, a lookup's codes). */
const ACCEPTED_VARIABLES_KEPT = 256;
/** Larger variables are checked every time (their JSON would cost what the check does). */
const LARGEST_REMEMBERED_VARIABLES = 512;

/** A request that takes the planned path, and the variables it gives. */
export interface PlannedRequest {
  operation: PlannedOperation;
  variables: Record<string, unknown>;
  mediaType: string;
}

/** Prototype names are no response keys here: the shaper reads and writes plain objects. */
function hasPrototypeKey(document: readonly { kind: Kind }[]): boolean {
  let found = false;
  for (const definition of document) {
    visit(definition as never, {
      Field(node: { alias?: { value: string }; name: { value: string } }) {
        if ((node.alias?.value ?? node.name.value) in Object.prototype) found = true;
      },
    });
  }
  return found;
}

/** Any directive in the operation or its fragments (@skip, @include, @defer...). */
function hasDirectives(document: readonly { kind: Kind }[]): boolean {
  let found = false;
  for (const definition of document) {
    visit(definition as never, {
      Directive() {
        found = true;
      },
    });
  }
  return found;
}

/**
 * The gateway's own way through a query it has answered before. Apollo Server and Apollo's
 * executor handle the first request of each document (parse, validation, the limits, planning)
 * and every request this path does not take; the plan they made is remembered
 * (experimental_didResolveQueryPlan), and the next identical documents are run here: variables
 * coerced as the gateway checks them, the plan's fetches made through the same data sources
 * (signed identity, deduplication, metrics), the subgraphs' data merged and shaped to the
 * client's selection, the answer serialised once. A month page cost 6.5 ms of gateway CPU
 * through Apollo's pipeline, most of it in result shaping and the executor's bookkeeping.
 *
 * Whatever is not a plain success goes to Apollo with the calls already made (FetchReplay): a
 * subgraph's error or failure, a null the schema forbids, a value of the wrong kind. Apollo then
 * makes the answer its own way, errors, paths and all, so the two paths answer alike.
 */
export class PlannedOperations {
  private readonly operations = new KnownDocuments<PlannedOperation | null>();
  /** The media type Apollo Server answered each Accept header with (its content negotiation). */
  private readonly mediaTypes = new Map<string, string>();
  /** The headers of planned answers, per media type (as many as mediaTypes holds, and one). */
  private readonly answerHeaders = new Map<string, HeaderMap>();

  constructor(
    private readonly currentSchema: () => GraphQLSchema | undefined,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  /** Given to ApolloGateway as experimental_didResolveQueryPlan: remembers each new plan. */
  readonly remember: Experimental_DidResolveQueryPlanCallback = ({
    queryPlan,
    serviceMap,
    operationContext,
    requestContext,
  }) => {
    const source = requestContext.source;
    if (typeof source !== "string") return;
    const key = documentKeyOf(source, requestContext.request.operationName ?? undefined);
    const known = this.operations.get(key);
    if (known !== undefined && (known === null || known.schema === operationContext.schema)) return;
    this.operations.set(key, this.compile(key, queryPlan, serviceMap, operationContext));
  };

  private compile(
    key: string,
    plan: QueryPlan,
    serviceMap: Record<string, unknown>,
    context: Parameters<Experimental_DidResolveQueryPlanCallback>[0]["operationContext"],
  ): PlannedOperation | null {
    const { schema, operation, fragments } = context;
    const definitions = [operation, ...Object.values(fragments)];
    const rootType = schema.getQueryType();
    if (operation.operation !== "query" || !rootType) return null;
    if (hasDirectives(definitions) || hasPrototypeKey(definitions)) return null;
    try {
      checkRunnable(plan, schema);
      const shape = new SelectionShape(
        schema,
        [operation.selectionSet],
        fragments as Record<string, FragmentDefinitionNode>,
      );
      // The root's fields compile now: an introspection field or unknown field shows here.
      shape.fieldsFor(rootType);
      return {
        key,
        schema,
        plan,
        rootType,
        variableDefinitions: operation.variableDefinitions ?? [],
        shape,
        subgraphs: serviceMap as Record<string, PlannedSubgraph>,
        operationName: operation.name?.value,
        acceptedVariables: new Set(),
      };
    } catch (error) {
      if (error instanceof UnrunnablePlan || error instanceof UnshapeableOperation) return null;
      throw error;
    }
  }

  /**
   * The headers of a planned answer of this media type, made once per type: a HeaderMap built
   * for every request (a Map filled from an iterable, and a Symbol each) showed in a small
   * query's profile. Sealed, since every answer of the type shares it.
   */
  private answerHeadersOf(mediaType: string): HeaderMap {
    let headers = this.answerHeaders.get(mediaType);
    if (!headers) {
      headers = new SealedHeaderMap([["content-type", mediaType]]);
      this.answerHeaders.set(mediaType, headers);
    }
    return headers;
  }

  /** Remembers the media type Apollo Server chose for an Accept header (200 answers only). */
  learnMediaType(req: IncomingMessage, response: HTTPGraphQLResponse): void {
    const accept = req.headers.accept;
    const type = response.headers.get("content-type");
    if (!accept || !type || (response.status ?? 200) !== 200) return;
    if (this.mediaTypes.has(accept) || type.startsWith("multipart/")) return;
    if (this.mediaTypes.size >= KNOWN_ACCEPT_HEADERS) {
      this.mediaTypes.clear();
      this.answerHeaders.clear();
    }
    this.mediaTypes.set(accept, type);
  }

  /**
   * The planned operation for this request, or undefined when Apollo's pipeline serves it: a
   * document not planned yet (or planned for an older schema), a persisted query, variables
   * the schema refuses (Apollo answers them), a traced request, an Accept header not seen yet.
   */
  requestOf(req: IncomingMessage, body: unknown): PlannedRequest | undefined {
    if (req.method !== "POST" || !req.headers.authorization) return undefined;
    // A traced request goes through Apollo's pipeline, whose plugins make the request's spans.
    if (req.headers.traceparent) return undefined;
    if (typeof body !== "object" || body === null) return undefined;
    const request = body as {
      query?: unknown;
      operationName?: unknown;
      variables?: unknown;
      extensions?: unknown;
    };
    if (typeof request.query !== "string" || !harmlessExtensions(request.extensions)) {
      return undefined;
    }
    const operationName = request.operationName ?? undefined;
    if (operationName !== undefined && typeof operationName !== "string") return undefined;
    const variables = request.variables ?? {};
    if (typeof variables !== "object" || Array.isArray(variables)) return undefined;
    const accept = req.headers.accept;
    const mediaType = accept ? this.mediaTypes.get(accept) : DEFAULT_MEDIA_TYPE;
    if (!mediaType) return undefined;
    const operation = this.operations.get(documentKeyOf(request.query, operationName));
    if (!operation || operation.schema !== this.currentSchema()) return undefined;
    const given = variables as Record<string, unknown>;
    if (operation.variableDefinitions.length > 0 && !this.acceptsVariables(operation, given)) {
      return undefined;
    }
    return { operation, variables: given, mediaType };
  }

  /**
   * Whether the schema accepts these variables for the operation. The same few sets come back
   * again and again (a month page's period, a lookup's code): each accepted one is remembered
   * by its JSON, which costs less than graphql-js's coercion of it.
   */
  private acceptsVariables(operation: PlannedOperation, given: Record<string, unknown>): boolean {
    const json = JSON.stringify(given);
    // JSON text names parsed JSON exactly but for numbers too large for a double, which parse
    // as Infinity and are written `null`: sets with a `null` in them are checked every time.
    const remembered = json.length <= LARGEST_REMEMBERED_VARIABLES && !json.includes("null");
    if (remembered && operation.acceptedVariables.has(json)) return true;
    const { errors } = getVariableValues(operation.schema, operation.variableDefinitions, given);
    if (errors) return false;
    if (remembered) {
      if (operation.acceptedVariables.size >= ACCEPTED_VARIABLES_KEPT) {
        operation.acceptedVariables.clear();
      }
      operation.acceptedVariables.add(json);
    }
    return true;
  }

  /**
   * Runs the planned request. Undefined when Apollo's executor must answer it: the context then
   * carries the calls already made, so that Apollo's run makes none of them again. Throws
   * WaiterGoneError when the client hung up and a call was dropped (nothing is answered).
   */
  async answer(
    request: PlannedRequest,
    context: GatewayContext,
  ): Promise<HTTPGraphQLResponse | undefined> {
    const started = process.hrtime.bigint();
    const { operation } = request;
    context.fetches = new FetchReplay();
    const root: Record<string, unknown> = {};
    let data: string | typeof UNSHAPED = UNSHAPED;
    try {
      const ok = await runPlan(
        operation.plan,
        operation.schema,
        request.variables,
        root,
        (serviceName, body, deduplicated) => {
          const subgraph = operation.subgraphs[serviceName];
          if (!subgraph) throw new UnrunnablePlan(`no subgraph ${serviceName}`);
          return subgraph.query(body, context, deduplicated);
        },
      );
      if (ok) data = operation.shape.shapeAnswer(root, operation.rootType);
    } catch (error) {
      if (error instanceof UnrunnablePlan || error instanceof UnshapeableOperation) {
        // Found out only with data (a fragment on a type first seen now): Apollo keeps it.
        this.operations.set(operation.key, null);
      } else {
        this.logger.warn({ err: error }, "the planned path failed; Apollo's executor answers");
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (data === UNSHAPED && context.signal?.aborted) {
      // The client hung up and its calls were dropped. Nobody is left to read an answer, so
      // Apollo's executor is not asked to make one out of the dropped calls: for a month page
      // that was 160 errors, each a GraphQLError with its stack, for a closed connection.
      this.metrics.plannedOperation("dropped");
      this.metrics.requestAnswered(operation.operationName, "CANCELLED", seconds);
      logRequestDropped(context.logger, operation.operationName, [
        { message: "The client went away before its answer was made", code: "CANCELLED" },
      ]);
      throw new WaiterGoneError();
    }
    if (data === UNSHAPED) {
      this.metrics.plannedOperation("handed_over");
      return undefined;
    }
    this.metrics.plannedOperation("answered");
    this.metrics.requestAnswered(operation.operationName, "ok", seconds);
    if (this.logger.isLevelEnabled("debug")) {
      context.logger.debug(
        { operationName: operation.operationName, durationMs: Math.round(seconds * 1000) },
        "request done",
      );
    }
    return {
      status: 200,
      headers: this.answerHeadersOf(request.mediaType),
      // As Apollo Server serialises it, newline included.
      body: { kind: "complete", string: data },
    };
  }
}

import type {
  FetchNode,
  PlanNode,
  QueryPlan,
  QueryPlanSelectionNode,
  ResponsePath,
} from "@apollo/query-planner";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { isAbstractType, isObjectType, type GraphQLSchema } from "graphql";

/** Why a query plan is left to Apollo's executor (it has parts this one does not run). */
export class UnrunnablePlan extends Error {}

/**
 * An entity fetch sent with each distinct representation once: the body Apollo's executor
 * would have sent (every entity's representation, in order), and for each of those the index
 * of its distinct one.
 */
export interface DeduplicatedFetch {
  apolloBody: () => string;
  indices: readonly number[];
}

/** One subgraph call: the service, and the request body. */
export type SubgraphQuery = (
  serviceName: string,
  body: string,
  deduplicated?: DeduplicatedFetch,
) => Promise<GatewayGraphQLResponse>;

type Data = Record<string, unknown>;

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function isObject(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Refuses what this executor does not run, so that Apollo's keeps it: conditions (@skip and
 * @include on variables), @defer, subscriptions, mutations, and the data rewrites of
 * @interfaceObject and @fromContext. What stays is what the platform's queries plan to:
 * fetches, in sequence and in parallel, flattened into lists of entities.
 */
export function checkRunnable(plan: QueryPlan, schema: GraphQLSchema): void {
  const check = (node: PlanNode): void => {
    switch (node.kind) {
      case "Sequence":
      case "Parallel":
        node.nodes.forEach(check);
        return;
      case "Flatten":
        check(node.node);
        return;
      case "Fetch":
        if (node.operationKind !== "query") throw new UnrunnablePlan("not a query");
        if (node.inputRewrites?.length || node.outputRewrites?.length) {
          throw new UnrunnablePlan("data rewrites");
        }
        if (node.contextRewrites?.length) throw new UnrunnablePlan("context rewrites");
        if (node.hasDefers) throw new UnrunnablePlan("defer");
        checkRequires(node.requires ?? [], schema);
        return;
      default:
        throw new UnrunnablePlan(node.kind);
    }
  };
  if (!plan.node) throw new UnrunnablePlan("empty plan");
  if (plan.node.kind === "Subscription") throw new UnrunnablePlan("subscription");
  check(plan.node);
}

/** Type conditions of representations must be types of the API schema (they are matched by it). */
function checkRequires(selections: readonly QueryPlanSelectionNode[], schema: GraphQLSchema) {
  for (const selection of selections) {
    if (selection.kind === "InlineFragment" && selection.typeCondition) {
      if (!schema.getType(selection.typeCondition)) {
        throw new UnrunnablePlan(`type ${selection.typeCondition} is not in the API schema`);
      }
    }
    if (selection.selections) checkRequires(selection.selections, schema);
  }
}

/** Apollo's deepMerge: objects merged key by key, lists of the same length element by element. */
function deepMerge(target: Data, source: unknown): void {
  if (!isObject(source)) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const existing = hasOwn(target, key) ? target[key] : undefined;
    if (existing && isObject(value) && isObject(existing)) {
      deepMerge(existing, value);
    } else if (
      Array.isArray(value) &&
      Array.isArray(existing) &&
      value.length === existing.length
    ) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = existing[index];
        if (isObject(item) && isObject(value[index])) deepMerge(item, value[index]);
        else existing[index] = value[index];
      }
    } else {
      target[key] = value;
    }
  }
}

/**
 * The values at `path` (`@` steps into every element of a list, and lists found there are
 * flattened one level), as Apollo's cursor has them.
 */
function valuesAt(value: unknown, path: ResponsePath, from = 0): unknown {
  if (from === path.length || value === undefined || value === null) return value;
  const step = path[from];
  if (step === "@") {
    if (!Array.isArray(value)) throw new UnrunnablePlan("a list was expected");
    const values: unknown[] = [];
    for (const item of value as unknown[]) {
      const inner = valuesAt(item, path, from + 1);
      if (Array.isArray(inner)) for (const element of inner as unknown[]) values.push(element);
      else values.push(inner);
    }
    return values;
  }
  if (typeof step !== "string" || !isObject(value))
    throw new UnrunnablePlan("an object was expected");
  return valuesAt(hasOwn(value, step) ? value[step] : undefined, path, from + 1);
}

/**
 * An entity's representation: the fields `requires` names, read from what earlier fetches
 * returned (Apollo's executeSelectionSet, so that the body sent is the one Apollo would send).
 */
function representationOf(
  schema: GraphQLSchema,
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Data | null {
  if (source === null || !isObject(source)) return null;
  const result: Data = {};
  for (const selection of selections) {
    if (selection.kind === "Field") {
      const responseName = selection.alias ?? selection.name;
      const value = hasOwn(source, responseName) ? source[responseName] : undefined;
      if (value === undefined) return null;
      const inner = selection.selections;
      if (Array.isArray(value)) {
        result[responseName] = value.map((item: unknown) =>
          inner ? representationOf(schema, item, inner) : item,
        );
      } else {
        result[responseName] = inner ? representationOf(schema, value, inner) : value;
      }
    } else if (selection.typeCondition && isOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, representationOf(schema, source, selection.selections));
    }
  }
  return result;
}

function isOfType(schema: GraphQLSchema, object: Data, typeCondition: string): boolean {
  const typename = object.__typename;
  if (typeof typename !== "string" || !typename) return false;
  if (typename === typeCondition) return true;
  const type = schema.getType(typename);
  const condition = schema.getType(typeCondition);
  return (
    !!type &&
    !!condition &&
    isAbstractType(condition) &&
    isObjectType(type) &&
    schema.isSubType(condition, type)
  );
}

/** Each fetch's operation as a JSON string, made once. */
const operationJson = new WeakMap<FetchNode, string>();

/**
 * The request body Apollo's executor sends for a fetch, byte for byte (JSON.stringify of query,
 * variables and operation name), from the variables' JSON and the representations' JSON each.
 */
function bodyOf(fetch: FetchNode, usedJson: string, representations?: string) {
  let operation = operationJson.get(fetch);
  if (operation === undefined) {
    operation = JSON.stringify(fetch.operation);
    operationJson.set(fetch, operation);
  }
  let variables = usedJson;
  if (representations !== undefined) {
    const list = `"representations":[${representations}]`;
    variables = usedJson === "{}" ? `{${list}}` : `${usedJson.slice(0, -1)},${list}}`;
  }
  const name =
    fetch.operationName === undefined
      ? ""
      : `,"operationName":${JSON.stringify(fetch.operationName)}`;
  return `{"query":${operation},"variables":${variables}${name}}`;
}

/** Each fetch's variable names with their JSON keys (`"name":`), made once. */
const variableKeys = new WeakMap<FetchNode, readonly { name: string; keyJson: string }[]>();

/**
 * The JSON of the variables a fetch uses, as JSON.stringify writes the object of them (in the
 * order of variableUsages; no name of a GraphQL variable is an array index, which an object
 * would put first). Written directly: an object made per fetch with the request's own names
 * was a megamorphic store for every variable.
 */
function usedVariablesJson(fetch: FetchNode, variables: Readonly<Record<string, unknown>>) {
  let keys = variableKeys.get(fetch);
  if (!keys) {
    keys = [...new Set(fetch.variableUsages ?? [])].map((name) => ({
      name,
      keyJson: `${JSON.stringify(name)}:`,
    }));
    variableKeys.set(fetch, keys);
  }
  let json = "";
  for (const { name, keyJson } of keys) {
    const value = hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined) continue;
    json += (json === "" ? "{" : ",") + keyJson + JSON.stringify(value);
  }
  return json === "" ? "{}" : `${json}}`;
}

/** Each fetch's `requires` as a string, made once: fetches that read alike share a reading. */
const requiresJson = new WeakMap<FetchNode, string>();

function requiresKeyOf(fetch: FetchNode): string {
  let key = requiresJson.get(fetch);
  if (key === undefined) {
    key = JSON.stringify(fetch.requires);
    requiresJson.set(fetch, key);
  }
  return key;
}

/**
 * The representations of a list of entities: each distinct one once (its JSON), which of them
 * each entity has, and the entities that have each.
 */
interface RepresentationReading {
  entities: readonly Data[];
  /** The distinct representations' JSON, in first-seen order, and joined for a body. */
  keys: string[];
  joined: string;
  owners: Data[][];
  indices: number[];
  /** How many answers had been merged when it was read (a merge can change what it reads). */
  merges: number;
}

function sameEntities(a: readonly Data[], b: readonly Data[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * A `requires` of leaf fields only, `__typename` among them, optionally under one type
 * condition (an entity's key fields, `... on GovernmentEntity { __typename id }`): its
 * representations' JSON is written straight from the entity, without making each
 * representation and then serialising it.
 */
interface FlatRequires {
  typeCondition?: string;
  /** Each field's response name and its key as written (`"id":`, `,"id":` after the first). */
  fields: { responseName: string; keyJson: string }[];
  typenameAt: number;
}

const flatRequires = new WeakMap<readonly QueryPlanSelectionNode[], FlatRequires | null>();

function flatRequiresOf(requires: readonly QueryPlanSelectionNode[]): FlatRequires | null {
  let flat = flatRequires.get(requires);
  if (flat !== undefined) return flat;
  flat = null;
  const only = requires.length === 1 ? requires[0]! : undefined;
  const fragment = only?.kind === "InlineFragment" && only.typeCondition ? only : undefined;
  const selections = fragment ? fragment.selections : requires;
  const names = selections.map((s) => (s.kind === "Field" ? (s.alias ?? s.name) : ""));
  const leaves = selections.every((s) => s.kind === "Field" && !s.selections);
  // Without a __typename no representation is sent at all: representationOf's path says so.
  const typenameAt = names.indexOf("__typename");
  if (leaves && typenameAt >= 0 && new Set(names).size === names.length) {
    flat = {
      typeCondition: fragment?.typeCondition,
      fields: names.map((name, index) => ({
        responseName: name,
        keyJson: `${index === 0 ? "{" : ","}${JSON.stringify(name)}:`,
      })),
      typenameAt,
    };
  }
  flatRequires.set(requires, flat);
  return flat;
}

/** The JSON of an entity's representation of flat `requires` (as representationOf gives it). */
function flatRepresentationJson(
  schema: GraphQLSchema,
  entity: Data,
  flat: FlatRequires,
): string | undefined {
  if (flat.typeCondition !== undefined && !isOfType(schema, entity, flat.typeCondition)) {
    return undefined;
  }
  let json = "";
  for (let index = 0; index < flat.fields.length; index++) {
    const { responseName, keyJson } = flat.fields[index]!;
    const value = hasOwn(entity, responseName) ? entity[responseName] : undefined;
    if (value === undefined) return undefined;
    // Sent only with a __typename (representations without one are left out).
    if (index === flat.typenameAt && !value) return undefined;
    json += keyJson + JSON.stringify(value);
  }
  return `${json}}`;
}

function readRepresentations(
  schema: GraphQLSchema,
  entities: readonly Data[],
  requires: readonly QueryPlanSelectionNode[],
  merges: number,
): RepresentationReading {
  const distinct = new Map<string, number>();
  const owners: Data[][] = [];
  const indices: number[] = [];
  const flat = flatRequiresOf(requires);
  for (const entity of entities) {
    let key: string | undefined;
    if (flat) {
      key = flatRepresentationJson(schema, entity, flat);
      if (key === undefined) continue;
    } else {
      const representation = representationOf(schema, entity, requires);
      if (!representation?.__typename) continue;
      key = JSON.stringify(representation);
    }
    let index = distinct.get(key);
    if (index === undefined) {
      index = owners.length;
      distinct.set(key, index);
      owners.push([]);
    }
    owners[index]!.push(entity);
    indices.push(index);
  }
  const keys = [...distinct.keys()];
  return { entities, keys, joined: keys.join(","), owners, indices, merges };
}

/**
 * Runs a query plan against the subgraphs into `root`, as Apollo's executeQueryPlan does, and
 * tells whether every fetch answered data without errors. On the first failure it starts no
 * more fetches: the caller hands the request to Apollo's executor, which replays the calls
 * already made and answers the failure its own way (coded errors with their paths).
 */
export async function runPlan(
  plan: QueryPlan,
  schema: GraphQLSchema,
  variables: Readonly<Record<string, unknown>>,
  root: Data,
  query: SubgraphQuery,
): Promise<boolean> {
  let failed = false;
  // Parallel entity fetches of the same entities with the same `requires` (a month's owners
  // asked of three subgraphs) share one reading of their representations, as long as no
  // answer has been merged in since it was made.
  let merges = 0;
  const readings = new Map<string, RepresentationReading>();
  const representationsOf = (fetch: FetchNode, entities: Data[]): RepresentationReading => {
    const key = requiresKeyOf(fetch);
    const known = readings.get(key);
    if (known && known.merges === merges && sameEntities(known.entities, entities)) return known;
    const reading = readRepresentations(schema, entities, fetch.requires!, merges);
    readings.set(key, reading);
    return reading;
  };

  const fetchInto = async (fetch: FetchNode, at: unknown): Promise<void> => {
    const entities: Data[] = [];
    for (const value of Array.isArray(at) ? at : [at]) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) throw new UnrunnablePlan("an entity was not an object");
      entities.push(value);
    }
    if (entities.length === 0) return;
    const usedJson = usedVariablesJson(fetch, variables);
    const send = async (body: string, deduplicated?: DeduplicatedFetch) => {
      const response = await query(fetch.serviceName, body, deduplicated);
      if (response.errors?.length || !isObject(response.data)) {
        failed = true;
        return undefined;
      }
      return response.data;
    };
    if (!fetch.requires) {
      const data = await send(bodyOf(fetch, usedJson));
      if (data) {
        merges++;
        for (const entity of entities) deepMerge(entity, data);
      }
      return;
    }
    if (fetch.variableUsages?.includes("representations")) {
      throw new UnrunnablePlan("a variable is named representations");
    }
    // Each distinct representation is sent once (a month's 160 items have 100 owners); every
    // entity that has it gets its answer. Apollo's executor sends one per entity.
    const { keys, joined, owners, indices } = representationsOf(fetch, entities);
    if (owners.length === 0) return;
    // Made only if Apollo's executor takes over (and then once).
    let apolloBody: string | undefined;
    const data = await send(
      bodyOf(fetch, usedJson, joined),
      indices.length > keys.length
        ? {
            apolloBody: () =>
              (apolloBody ??= bodyOf(fetch, usedJson, indices.map((i) => keys[i]!).join(","))),
            indices,
          }
        : undefined,
    );
    if (!data) return;
    merges++;
    const received = data._entities;
    if (!Array.isArray(received) || received.length !== owners.length) {
      failed = true;
      return;
    }
    received.forEach((entity: unknown, index) => {
      for (const owner of owners[index]!) {
        if (isObject(entity) && !entity.__typename) entity.__typename = owner.__typename;
        deepMerge(owner, entity);
      }
    });
  };

  const run = async (node: PlanNode, at: unknown): Promise<void> => {
    if (failed) return;
    switch (node.kind) {
      case "Sequence":
        for (const child of node.nodes) await run(child, at);
        return;
      case "Parallel":
        await Promise.all(node.nodes.map((child) => run(child, at)));
        return;
      case "Flatten": {
        const inner = valuesAt(at, node.path);
        if (inner !== undefined && inner !== null) await run(node.node, inner);
        return;
      }
      case "Fetch":
        try {
          await fetchInto(node, at);
        } catch (error) {
          if (error instanceof UnrunnablePlan) throw error;
          // A subgraph that failed: Apollo's executor answers it, from the same call.
          failed = true;
        }
        return;
      default:
        throw new UnrunnablePlan(node.kind);
    }
  };

  await run(plan.node as PlanNode, root);
  return !failed;
}

import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { roleAuthChecker } from "../auth/auth-checker";
import { DateTimeScalar } from "../schema/scalars";
import { servedByTheGateway } from "./change-type";
import { PeriodLabelResolver } from "../schema/shared-types";
import type { RequestContext } from "./request-context";
import { validateInput } from "./input-validation";

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/** `__resolveReference` per entity type name, batched through the request's DataLoaders. */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: { id: string }, context: RequestContext) => unknown }
>;

/** A per-request batch loader of one owned type's rows by id. */
export type LoaderFor = (context: RequestContext) => { load(id: string): Promise<unknown> };

/**
 * `__resolveReference` for a subgraph: each type it owns through its per-request loader (so the
 * gateway's references are batched), each foreign type it only extends as the representation
 * itself (the id, and any `@requires` fields, are all it needs).
 */
export function referenceResolvers(
  owned: Record<string, LoaderFor>,
  foreign: string[] = [],
): ReferenceResolvers {
  return {
    ...Object.fromEntries(
      Object.entries(owned).map(([type, loaderFor]) => [
        type,
        {
          __resolveReference: (ref: { id: string }, context: RequestContext) =>
            loaderFor(context).load(ref.id),
        },
      ]),
    ),
    ...Object.fromEntries(
      foreign.map((type) => [type, { __resolveReference: (ref: { id: string }) => ref }]),
    ),
  };
}

export interface SubgraphDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  references?: ReferenceResolvers;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /**
   * Constructor arguments for every resolver class (e.g. the service's DataSource), so two
   * instances of one service in a process each get their own.
   */
  resolverDependencies?: unknown[];
}

/** A type-graphql container that builds each resolver class once with the given arguments. */
function resolverContainer(dependencies: unknown[]) {
  const instances = new Map<unknown, unknown>();
  return {
    get(resolverClass: new (...args: unknown[]) => unknown) {
      let instance = instances.get(resolverClass);
      if (!instance) {
        instance = new resolverClass(...dependencies);
        instances.set(resolverClass, instance);
      }
      return instance;
    },
  };
}

export interface BuiltSubgraph {
  schema: GraphQLSchema;
  /** The subgraph SDL as composition sees it (what `npm run compose` writes to schema.graphql). */
  sdl: string;
}

/**
 * The one way type-graphql becomes a federated subgraph: build with type-graphql (inputs
 * validated, roles checked), print with directives so `@key`/`@shareable` survive, then hand the
 * SDL and the merged resolvers (type-graphql's plus `__resolveReference`) to Apollo's
 * `buildSubgraphSchema` in its array form.
 */
export async function buildSubgraph(definition: SubgraphDefinition): Promise<BuiltSubgraph> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: [PeriodLabelResolver, ...definition.resolvers],
    orphanedTypes: definition.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    authChecker: roleAuthChecker,
    // validate: true would answer a generic "Argument Validation Error"; validateFn runs the same
    // class-validator rules and names the offending field as contract.md asks.
    validate: true,
    validateFn: validateInput,
    skipCheck: true,
    emitSchemaFile: false,
    // Subscription fields are declared here and served by the gateway from the events.
    pubSub: { publish: () => undefined, subscribe: () => servedByTheGateway() },
    container: resolverContainer(definition.resolverDependencies ?? []),
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: reference.__resolveReference,
    };
  }
  // The array form: the object form would treat `typeDefs` as a module list and drop resolvers.
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
  return { schema, sdl: printSubgraphSchema(schema) };
}

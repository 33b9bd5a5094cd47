import path from "node:path";
import type { DataSource, EntitySchema } from "typeorm";
import { EnvReader } from "../config/env-reader";
import { readServiceConfig, type ServiceConfig } from "../config/platform-config";
import { createDataSource } from "../database/database-setup";
import type { EventTransport } from "../events/event-transport";
import { createLogger, type Logger } from "../logging/logger";
import {
  buildSubgraph,
  referenceResolvers,
  type BuiltSubgraph,
  type LoaderFor,
} from "../subgraph/build-subgraph-schema";
import { writeSchemaFile } from "../subgraph/schema-file";
import {
  createTransport,
  ServiceRuntime,
  stopOnSignals,
  type ConsumerDefinition,
  type ServiceExtension,
} from "../subgraph/service-runtime";
import type { ServiceName } from "./service-registry";

/**
 * Everything that makes one subgraph service, described once: its rows and migrations, its
 * subgraph, the events it consumes. Its port and database come from the registry.
 */
export interface ServiceDescriptor {
  readonly name: ServiceName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly rows: (Function | EntitySchema)[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: Function[];
  /** Keeps the kit's `entity_ref` projection (its table, row and consumer handlers). */
  readonly entityRef?: boolean;
  /** Its resolver classes; each gets the data source and the network's time zone. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: [Function, ...Function[]];
  /** The types it owns, each with its per-request loader (the gateway's references batch). */
  readonly owns?: (db: DataSource) => Record<string, LoaderFor>;
  /** Types of other subgraphs it extends: the reference (id, `@requires` fields) is enough. */
  readonly foreignTypes?: string[];
  /** Types reached by no query of this subgraph, only through the gateway. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  /** The other services' events it follows; none by default. */
  consumers?(config: ServiceConfig): ConsumerDefinition[];
  /** What it runs beside its subgraph: routes, consumers of its own parts (the briefings). */
  extension?(context: ExtensionContext): ServiceExtension;
}

export interface ExtensionContext {
  config: ServiceConfig;
  /** The environment the service's configuration came from, for the extension's own variables. */
  env: EnvReader;
  dataSource: DataSource;
  logger: Logger;
}

/** The service's configuration (`<NAME>_PORT`, `<NAME>_DATABASE_URL`, ...), failing fast. */
export function readConfigOf(service: ServiceDescriptor, env = new EnvReader()): ServiceConfig {
  return readServiceConfig(service.name, env);
}

export function dataSourceOf(service: ServiceDescriptor, url: string): DataSource {
  return createDataSource({
    url,
    entities: service.rows,
    migrations: service.migrations,
    entityRef: service.entityRef,
  });
}

/** The service's subgraph; `db` may be an uninitialised data source when only the SDL is wanted. */
export function subgraphOf(
  service: ServiceDescriptor,
  db: DataSource,
  timeZone: string,
): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: service.resolvers,
    references: referenceResolvers(service.owns?.(db) ?? {}, service.foreignTypes),
    orphanedTypes: service.orphanedTypes,
    resolverDependencies: [db, timeZone],
  });
}

/** The service's SDL, built without a database. */
export async function sdlOf(service: ServiceDescriptor): Promise<string> {
  return (await subgraphOf(service, dataSourceOf(service, "postgres://unused/unused"), "UTC")).sdl;
}

export interface CreateServiceOptions {
  config: ServiceConfig;
  logger?: Logger;
  /** Shared with the other services by the embedded launcher; otherwise from the config. */
  transport?: EventTransport;
  /** Where `config` was read from (the extension reads its own variables there). */
  env?: EnvReader;
}

/** Wires a service (no I/O until `start()`): for its main, the launcher, tests and the bench. */
export async function createService(
  service: ServiceDescriptor,
  options: CreateServiceOptions,
): Promise<ServiceRuntime> {
  const { config } = options;
  const logger = options.logger ?? createLogger(service.name, config.logLevel);
  const dataSource = dataSourceOf(service, config.databaseUrl);
  return new ServiceRuntime({
    config,
    logger,
    dataSource,
    subgraph: await subgraphOf(service, dataSource, config.timeZone),
    transport: options.transport ?? createTransport(config, logger),
    ownsTransport: !options.transport,
    consumers: service.consumers?.(config) ?? [],
    extension: service.extension?.({
      config,
      env: options.env ?? new EnvReader(),
      dataSource,
      logger,
    }),
  });
}

/** A service's own process (`node services/<name>/dist/src/main.js`): start, stop on signals. */
export function runServiceMain(service: ServiceDescriptor): void {
  const start = async () => {
    const env = new EnvReader();
    const config = readConfigOf(service, env);
    const logger = createLogger(service.name, config.logLevel);
    const runtime = await createService(service, { config, logger, env });
    stopOnSignals(() => runtime.stop(), logger);
    await runtime.start();
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

/** Writes the service's SDL to `<repo>/services/<name>/schema.graphql`; returns the path. */
export async function emitSchemaFile(
  service: ServiceDescriptor,
  repoRoot: string,
): Promise<string> {
  return writeSchemaFile(path.join(repoRoot, "services", service.name), await sdlOf(service));
}

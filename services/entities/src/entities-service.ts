import {
  createLogger,
  createTransport,
  ServiceRuntime,
  type EventTransport,
  type Logger,
} from "@gcn/shared";
import type { EntitiesConfig } from "./config";
import { createEntitiesDataSource } from "./data-source";
import { buildEntitiesSubgraph } from "./entities-subgraph";

export interface EntitiesServiceOptions {
  config: EntitiesConfig;
  logger?: Logger;
  /** Shared with the other services by the embedded launcher; otherwise from the config. */
  transport?: EventTransport;
}

/** Wires the entities service (no I/O until `start()`); used by main.ts, the launcher and tests. */
export async function createEntitiesService(
  options: EntitiesServiceOptions,
): Promise<ServiceRuntime> {
  const { config } = options;
  const logger = options.logger ?? createLogger("entities", config.logLevel);
  const dataSource = createEntitiesDataSource(config.databaseUrl);
  const subgraph = await buildEntitiesSubgraph(dataSource, config.timeZone);
  return new ServiceRuntime({
    config,
    logger,
    dataSource,
    subgraph,
    transport: options.transport ?? createTransport(config, logger),
    ownsTransport: !options.transport,
    // The entities service owns the reference data; it consumes no other service's events.
    consumers: [],
  });
}

import {
  createLogger,
  createTransport,
  entityRefHandlers,
  ServiceRuntime,
  TOPICS,
  type EventTransport,
  type Logger,
} from "@gcn/shared";
import type { InitiativesConfig } from "./config";
import { createInitiativesDataSource } from "./data-source";
import { liaisonRefHandlers } from "./events/handlers/liaison-ref.handler";
import { buildInitiativesSubgraph } from "./initiatives-subgraph";

export interface InitiativesServiceOptions {
  config: InitiativesConfig;
  logger?: Logger;
  /** Shared with the other services by the embedded launcher; otherwise from the config. */
  transport?: EventTransport;
}

/** Wires the initiatives service (no I/O until `start()`); used by main.ts, the launcher and tests. */
export async function createInitiativesService(
  options: InitiativesServiceOptions,
): Promise<ServiceRuntime> {
  const { config } = options;
  const logger = options.logger ?? createLogger("initiatives", config.logLevel);
  const dataSource = createInitiativesDataSource(config.databaseUrl);
  const subgraph = await buildInitiativesSubgraph(dataSource, config.timeZone);
  return new ServiceRuntime({
    config,
    logger,
    dataSource,
    subgraph,
    transport: options.transport ?? createTransport(config, logger),
    ownsTransport: !options.transport,
    consumers: [
      {
        name: "entities",
        topics: [TOPICS.entities],
        handlers: {
          ...entityRefHandlers(),
          ...liaisonRefHandlers(),
        },
      },
    ],
  });
}

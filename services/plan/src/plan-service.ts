import {
  createLogger,
  createTransport,
  entityRefHandlers,
  ServiceRuntime,
  TOPICS,
  type EventTransport,
  type Logger,
} from "@gcn/shared";
import type { PlanConfig } from "./config";
import { createPlanDataSource } from "./data-source";
import { sessionItemHandlers } from "./events/handlers/initiative-session.handler";
import { buildPlanSubgraph } from "./plan-subgraph";

export interface PlanServiceOptions {
  config: PlanConfig;
  logger?: Logger;
  /** Shared with the other services by the embedded launcher; otherwise from the config. */
  transport?: EventTransport;
}

/** Wires the plan service (no I/O until `start()`); used by main.ts, the launcher and tests. */
export async function createPlanService(options: PlanServiceOptions): Promise<ServiceRuntime> {
  const { config } = options;
  const logger = options.logger ?? createLogger("plan", config.logLevel);
  const dataSource = createPlanDataSource(config.databaseUrl);
  const subgraph = await buildPlanSubgraph(dataSource, config.timeZone);
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
        handlers: entityRefHandlers(),
      },
      {
        name: "initiatives",
        topics: [TOPICS.initiatives],
        handlers: sessionItemHandlers(config.timeZone),
      },
    ],
  });
}

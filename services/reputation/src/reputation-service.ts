import {
  createLogger,
  createTransport,
  METRIC_SAMPLE_RECEIVED,
  ServiceRuntime,
  TOPICS,
  type EventTransport,
  type Logger,
} from "@gcn/shared";
import type { ReputationConfig } from "./config";
import { createReputationDataSource } from "./data-source";
import {
  entityProfileHandlers,
  planActivityHandlers,
  sessionActivityHandlers,
} from "./events/handlers/activity-projection.handlers";
import {
  decodeSample,
  sampleBatchApply,
  sampleHandler,
} from "./events/handlers/metric-sample.handler";
import { buildReputationSubgraph } from "./reputation-subgraph";

export interface ReputationServiceOptions {
  config: ReputationConfig;
  logger?: Logger;
  /** Shared with the other services by the embedded launcher; otherwise from the config. */
  transport?: EventTransport;
}

/** Wires the reputation service (no I/O until `start()`); used by main.ts, the launcher and tests. */
export async function createReputationService(
  options: ReputationServiceOptions,
): Promise<ServiceRuntime> {
  const { config } = options;
  const logger = options.logger ?? createLogger("reputation", config.logLevel);
  const dataSource = createReputationDataSource(config.databaseUrl);
  const subgraph = await buildReputationSubgraph(dataSource, config.timeZone);
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
        handlers: entityProfileHandlers(),
      },
      {
        name: "plan",
        topics: [TOPICS.plan],
        handlers: planActivityHandlers(config.timeZone),
      },
      {
        name: "initiatives",
        topics: [TOPICS.initiatives],
        handlers: sessionActivityHandlers(config.timeZone),
      },
      {
        // Collectors: one JSON sample per message. The keyed upsert is idempotent, so no inbox.
        name: "samples",
        topics: [TOPICS.reputationSamples],
        handlers: { [METRIC_SAMPLE_RECEIVED.type]: sampleHandler(config.timeZone) },
        decode: decodeSample,
        inbox: false,
        // On Kafka a fetched batch (thousands of samples) is checked and upserted at once.
        batch: sampleBatchApply(config.timeZone),
      },
    ],
  });
}

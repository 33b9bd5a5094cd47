import { METRIC_SAMPLE_RECEIVED, TOPICS, type ServiceDescriptor } from "@gcn/shared";
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
import { ReputationSchema1764000000400 } from "./migrations/1764000000400-reputation-schema.migration";
import { SeriesCoveringKey1764000000401 } from "./migrations/1764000000401-series-covering-key.migration";
import { SeriesMonthRollup1764000000402 } from "./migrations/1764000000402-series-month-rollup.migration";
import { NarrowSampleKey1764000000403 } from "./migrations/1764000000403-narrow-sample-key.migration";
import { EntityReputationResolver } from "./resolvers/entity-reputation.resolver";
import { reportById } from "./queries/reputation-report.queries";
import { ReputationMutationsResolver } from "./resolvers/reputation-mutations.resolver";
import { ReputationReportResolver } from "./resolvers/reputation-report.resolver";
import { ReputationSubscriptionsResolver } from "./resolvers/reputation-subscriptions.resolver";
import { EntityProfileRow } from "./rows/entity-profile.row";
import { ReputationReportRow } from "./rows/reputation-report.row";

/**
 * The reputation service: the collectors' samples, and what the other services tell it of each
 * entity's accounts and activity (for the recommendations).
 */
export const service: ServiceDescriptor = {
  name: "reputation",
  rows: [ReputationReportRow, EntityProfileRow],
  migrations: [
    ReputationSchema1764000000400,
    SeriesCoveringKey1764000000401,
    SeriesMonthRollup1764000000402,
    NarrowSampleKey1764000000403,
  ],
  resolvers: [
    ReputationReportResolver,
    EntityReputationResolver,
    ReputationMutationsResolver,
    ReputationSubscriptionsResolver,
  ],
  owns: (db) => ({ ReputationReport: (context) => reportById(db, context) }),
  foreignTypes: ["GovernmentEntity"],
  consumers: ({ timeZone }) => [
    { name: "entities", topics: [TOPICS.entities], handlers: entityProfileHandlers() },
    { name: "plan", topics: [TOPICS.plan], handlers: planActivityHandlers(timeZone) },
    {
      name: "initiatives",
      topics: [TOPICS.initiatives],
      handlers: sessionActivityHandlers(timeZone),
    },
    {
      // Collectors: one JSON sample per message. The keyed upsert is idempotent, so no inbox.
      name: "samples",
      topics: [TOPICS.reputationSamples],
      handlers: { [METRIC_SAMPLE_RECEIVED.type]: sampleHandler(timeZone) },
      decode: decodeSample,
      inbox: false,
      // On Kafka a fetched batch (thousands of samples) is checked and upserted at once.
      batch: sampleBatchApply(timeZone),
    },
  ],
};

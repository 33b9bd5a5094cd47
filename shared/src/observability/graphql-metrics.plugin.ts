import type { ApolloServerPlugin } from "@apollo/server";
import type { ServiceMetrics } from "./service-metrics";

/** Counts every GraphQL request by operation and outcome, with its latency. */
export function graphqlMetricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let outcome = "ok";
      return {
        async didEncounterErrors({ errors }) {
          const code = errors[0]?.extensions?.code;
          outcome = typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
        },
        async willSendResponse({ operationName, request }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.requestAnswered(operationName ?? request.operationName, outcome, seconds);
        },
      };
    },
  };
}

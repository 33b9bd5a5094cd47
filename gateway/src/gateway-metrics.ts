import { LabelledCounter, LabelledHistogram, LATENCY_BUCKETS, ServiceMetrics } from "@gcn/shared";

/** How a subgraph fetch ended, as /metrics labels it. */
export type SubgraphFetchOutcome = "ok" | "error" | "unavailable" | "cancelled";

/** The gateway's /metrics: requests like every service, plus each subgraph fetch. */
export class GatewayMetrics extends ServiceMetrics {
  private readonly fetchSeconds = new LabelledHistogram({
    name: "gcn_gateway_subgraph_fetch_duration_seconds",
    help: "Time for one fetch from the gateway to a subgraph, by subgraph and outcome (ok, error: the subgraph answered errors or refused, unavailable: unreachable or too slow, cancelled: the client hung up first)",
    labelNames: ["subgraph", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly sharedFetches = new LabelledCounter({
    name: "gcn_gateway_subgraph_fetches_shared_total",
    help: "Subgraph fetches answered by an identical fetch already in flight (in-flight deduplication), by subgraph and outcome; calls actually made are the fetch duration histogram's count",
    labelNames: ["subgraph", "outcome"],
    registers: [this.registry],
  });

  private readonly sharedOperations = new LabelledCounter({
    name: "gcn_gateway_operations_shared_total",
    help: "GraphQL requests answered by an identical query operation already in flight (in-flight deduplication of whole operations); each is also counted in gcn_graphql_requests_total",
    registers: [this.registry],
  });

  private readonly plannedOperations = new LabelledCounter({
    name: "gcn_gateway_planned_operations_total",
    help: "Query operations run by the gateway's planned path (GATEWAY_FAST_PATH), by outcome: answered there, handed over to Apollo's executor (a subgraph error or failure, a null the schema forbids), or dropped (the client hung up before its answer was made); the first request of each document is Apollo's and is not counted",
    labelNames: ["outcome"],
    registers: [this.registry],
  });

  constructor() {
    super("gateway");
  }

  subgraphFetched(subgraph: string, outcome: SubgraphFetchOutcome, seconds: number) {
    this.fetchSeconds.observe([subgraph, outcome], seconds);
  }

  operationShared() {
    this.sharedOperations.inc();
  }

  plannedOperation(outcome: "answered" | "handed_over" | "dropped") {
    this.plannedOperations.inc([outcome]);
  }

  subgraphFetchShared(subgraph: string, outcome: SubgraphFetchOutcome) {
    this.sharedFetches.inc([subgraph, outcome]);
  }
}

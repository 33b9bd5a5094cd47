/** One line of the benchmark table. */
export interface FigureResult {
  id: string;
  what: string;
  measured: string;
  bar: string;
  pass: boolean;
  /** The raw numbers behind `measured`, for latest.json. */
  details: Record<string, unknown>;
  /** A table of its own, printed after the main one (P1p: the gateways side by side). */
  appendix?: string;
}

export interface BenchSize {
  quick: boolean;
  loadSeconds: number;
  /**
   * Load on a gateway before the rounds whose CPU is read (P1, P2, P1p). A gateway process's
   * first seconds of traffic pay once for compiling its hot code (V8's compiler threads) and
   * for its young generation's first pages: P1's CPU per request was 0.72 and 0.42 ms in the
   * first two 2 s rounds of a new gateway, then 0.25 in the next four (3,000 page faults a round,
   * then none). The figures measure the work per request, not a process's start.
   */
  gatewayWarmUpSeconds: number;
  entities: number;
  /** Plan items in the three P3 months. */
  itemCounts: [number, number, number];
  eventSeconds: number;
  relayEvents: number;
  graphqlIngestCalls: number;
  kafkaSamples: number;
  sampleDays: number;
  /** P8: WebSocket subscribers, and for how long changes come at 20 a second. */
  subscribers: number;
  subscriptionSeconds: number;
}

export const FULL: BenchSize = {
  quick: false,
  loadSeconds: 10,
  gatewayWarmUpSeconds: 6,
  entities: 200,
  itemCounts: [10, 100, 1000],
  eventSeconds: 30,
  relayEvents: 20_000,
  graphqlIngestCalls: 10,
  kafkaSamples: 200_000,
  sampleDays: 714,
  subscribers: 1000,
  subscriptionSeconds: 30,
};

export const QUICK: BenchSize = {
  quick: true,
  loadSeconds: 3,
  gatewayWarmUpSeconds: 2,
  entities: 40,
  itemCounts: [10, 50, 200],
  eventSeconds: 5,
  relayEvents: 5_000,
  graphqlIngestCalls: 2,
  kafkaSamples: 20_000,
  sampleDays: 120,
  subscribers: 100,
  subscriptionSeconds: 5,
};

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

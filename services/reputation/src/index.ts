export * from "./config";
export * from "./reputation-service";
export * from "./reputation-subgraph";
export * from "./events/published";
export { seedDemoMetrics } from "./seed/demo-metrics.seed";

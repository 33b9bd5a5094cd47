export * from "./reputation.service";
export * from "./events/published";
export { seedDemoMetrics } from "./seed/demo-metrics.seed";

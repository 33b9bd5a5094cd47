export * from "./config";
export * from "./plan-service";
export * from "./plan-subgraph";
export * from "./events/published";
export { seedDemoPlan } from "./seed/demo-plan.seed";

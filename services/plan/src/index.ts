export * from "./plan.service";
export * from "./events/published";
export { seedDemoPlan } from "./seed/demo-plan.seed";

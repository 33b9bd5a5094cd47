export * from "./config";
export * from "./entities-service";
export * from "./entities-subgraph";
export * from "./events/published";
export { seedDemoEntities } from "./seed/demo-entities.seed";

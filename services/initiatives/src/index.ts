export * from "./config";
export * from "./initiatives-service";
export * from "./initiatives-subgraph";
export * from "./events/published";
export { seedDemoInitiatives } from "./seed/demo-initiatives.seed";

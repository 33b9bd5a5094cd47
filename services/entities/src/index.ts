export * from "./entities.service";
export * from "./events/published";
export { seedDemoEntities } from "./seed/demo-entities.seed";

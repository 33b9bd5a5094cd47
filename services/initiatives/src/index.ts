export * from "./initiatives.service";
export * from "./events/published";
export { seedDemoInitiatives } from "./seed/demo-initiatives.seed";

export * from "./catalogued-event";
export * from "./entities.events";
export * from "./plan.events";
export * from "./initiatives.events";
export * from "./reputation.events";
export * from "./event-catalogue";

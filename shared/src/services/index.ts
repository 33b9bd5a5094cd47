export * from "./service-registry";
export * from "./service-descriptor";

export * from "./test-infrastructure";
export * from "./test-helpers";
export * from "./statement-counter";
export * from "./service-under-test";
export * from "./event-fixtures";
export * from "./schema-file.suite";

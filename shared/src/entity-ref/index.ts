export * from "./entity-ref.row";
export * from "./entity-ref.migration";
export * from "./entity-ref.projection";
export * from "./owned-record.rules";

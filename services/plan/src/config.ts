import { EnvReader, readServiceConfig, type ServiceConfig } from "@gcn/shared";

export type PlanConfig = ServiceConfig;

/** The only reader of process.env in this service (PLAN_PORT, PLAN_DATABASE_URL, ...). */
export function readPlanConfig(env: EnvReader = new EnvReader()): PlanConfig {
  return readServiceConfig("plan", { port: 4002, database: "gcn_plan" }, env);
}

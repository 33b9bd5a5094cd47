import { createDataSource } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { CommunicationPlanRow } from "./entities/communication-plan.entity";
import { PlanItemRow } from "./entities/plan-item.entity";
import { PlanSchema1764000000200 } from "./migrations/1764000000200-plan-schema.migration";
import { SessionItems1764000000201 } from "./migrations/1764000000201-session-items.migration";

export function createPlanDataSource(url: string): DataSource {
  return createDataSource({
    url,
    entities: [CommunicationPlanRow, PlanItemRow],
    entityRef: true,
    migrations: [PlanSchema1764000000200, SessionItems1764000000201],
  });
}

import { createDataSource } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "./entities/government-entity.entity";
import { LiaisonRow } from "./entities/liaison.entity";
import { NetworkMeetingRow } from "./entities/network-meeting.entity";
import { EntitiesSchema1764000000100 } from "./migrations/1764000000100-entities-schema.migration";

export function createEntitiesDataSource(url: string): DataSource {
  return createDataSource({
    url,
    entities: [GovernmentEntityRow, LiaisonRow, NetworkMeetingRow],
    migrations: [EntitiesSchema1764000000100],
  });
}

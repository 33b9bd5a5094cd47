import { createDataSource } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { InitiativeSessionRow } from "./entities/initiative-session.entity";
import { LiaisonRefRow } from "./entities/liaison-ref.entity";
import { MediaInitiativeRow } from "./entities/media-initiative.entity";
import { InitiativesSchema1764000000300 } from "./migrations/1764000000300-initiatives-schema.migration";

export function createInitiativesDataSource(url: string): DataSource {
  return createDataSource({
    url,
    entities: [MediaInitiativeRow, InitiativeSessionRow, LiaisonRefRow],
    entityRef: true,
    migrations: [InitiativesSchema1764000000300],
  });
}

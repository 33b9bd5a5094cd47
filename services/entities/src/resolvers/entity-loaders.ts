import { byKeys, groupByKeys, isUuid, type RequestContext } from "@gcn/shared";
import { In, type DataSource } from "typeorm";
import { GovernmentEntityRow } from "../entities/government-entity.entity";
import { LiaisonRow } from "../entities/liaison.entity";
import { NetworkMeetingRow } from "../entities/network-meeting.entity";

// Every cross-row field goes through one of these per-request loaders, so a page of N rows
// costs one SQL statement per field, not N.

export function entityById(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, GovernmentEntityRow | null>("entityById", async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length
      ? await db.getRepository(GovernmentEntityRow).findBy({ id: In(valid) })
      : [];
    return byKeys(
      ids.map((id) => id.toLowerCase()),
      rows,
      (row) => row.id,
    );
  });
}

export function childrenOf(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, GovernmentEntityRow[]>("childrenOf", async (ids) => {
    const rows = await db
      .getRepository(GovernmentEntityRow)
      .find({ where: { parentId: In([...ids]) }, order: { code: "ASC" } });
    return groupByKeys(ids, rows, (row) => row.parentId!);
  });
}

export function liaisonById(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, LiaisonRow | null>("liaisonById", async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length ? await db.getRepository(LiaisonRow).findBy({ id: In(valid) }) : [];
    return byKeys(
      ids.map((id) => id.toLowerCase()),
      rows,
      (row) => row.id,
    );
  });
}

export function liaisonsOfEntity(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, LiaisonRow[]>("liaisonsOfEntity", async (ids) => {
    const rows = await db.getRepository(LiaisonRow).find({
      where: { entityId: In([...ids]) },
      order: { role: "ASC", appointedOn: "ASC", id: "ASC" },
    });
    return groupByKeys(ids, rows, (row) => row.entityId);
  });
}

export function meetingById(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, NetworkMeetingRow | null>("meetingById", async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length
      ? await db.getRepository(NetworkMeetingRow).findBy({ id: In(valid) })
      : [];
    return byKeys(
      ids.map((id) => id.toLowerCase()),
      rows,
      (row) => row.id,
    );
  });
}

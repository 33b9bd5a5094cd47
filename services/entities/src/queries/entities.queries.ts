import { groupByKeys, rowsById, type RequestContext } from "@gcn/shared";
import { In, type DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { LiaisonRow } from "../rows/liaison.row";
import { NetworkMeetingRow } from "../rows/network-meeting.row";

// Every cross-row field goes through one of these per-request loaders, so a page of N rows
// costs one SQL statement per field, not N.

export function entityById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "entityById", (ids) =>
    db.getRepository(GovernmentEntityRow).findBy({ id: In(ids) }),
  );
}

export function liaisonById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "liaisonById", (ids) =>
    db.getRepository(LiaisonRow).findBy({ id: In(ids) }),
  );
}

export function meetingById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "meetingById", (ids) =>
    db.getRepository(NetworkMeetingRow).findBy({ id: In(ids) }),
  );
}

export function childrenOf(db: DataSource, context: RequestContext) {
  return context.loaders.get<string, GovernmentEntityRow[]>("childrenOf", async (ids) => {
    const rows = await db
      .getRepository(GovernmentEntityRow)
      .find({ where: { parentId: In([...ids]) }, order: { code: "ASC" } });
    return groupByKeys(ids, rows, (row) => row.parentId!);
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

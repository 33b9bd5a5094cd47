import { groupByKeys, periodRange, rowsById, type RequestContext } from "@gcn/shared";
import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { InitiativeSessionRow } from "../rows/initiative-session.row";
import { MediaInitiativeRow } from "../rows/media-initiative.row";

export interface SessionCriteria {
  initiativeId?: string | null;
  initiativeIds?: string[];
  hostEntityId?: string | null;
  hostEntityIds?: string[];
  status?: string | null;
  statuses?: string[];
  /** Sessions scheduled in the period. */
  period?: { year: number; month?: number | null } | null;
  /** Sessions held in the period. */
  heldIn?: { year: number; month?: number | null } | null;
}

/** The one place session filters become SQL (periods in the network's time zone). */
export function sessionQuery(
  db: DataSource,
  criteria: SessionCriteria,
  timeZone: string,
): SelectQueryBuilder<InitiativeSessionRow> {
  const query = db.getRepository(InitiativeSessionRow).createQueryBuilder("s");
  if (criteria.initiativeId)
    query.andWhere("s.initiative_id = :initiativeId", {
      initiativeId: criteria.initiativeId.toLowerCase(),
    });
  if (criteria.initiativeIds)
    query.andWhere("s.initiative_id = ANY(:initiativeIds)", {
      initiativeIds: criteria.initiativeIds,
    });
  if (criteria.hostEntityId)
    query.andWhere("s.host_entity_id = :host", { host: criteria.hostEntityId.toLowerCase() });
  if (criteria.hostEntityIds)
    query.andWhere("s.host_entity_id = ANY(:hosts)", { hosts: criteria.hostEntityIds });
  if (criteria.status) query.andWhere("s.status = :status", { status: criteria.status });
  if (criteria.statuses)
    query.andWhere("s.status = ANY(:statuses)", { statuses: criteria.statuses });
  if (criteria.period) {
    const { start, end } = periodRange(criteria.period, timeZone);
    query.andWhere("s.scheduled_at >= :start AND s.scheduled_at < :end", { start, end });
  }
  if (criteria.heldIn) {
    const { start, end } = periodRange(criteria.heldIn, timeZone);
    query.andWhere("s.held_at >= :heldStart AND s.held_at < :heldEnd", {
      heldStart: start,
      heldEnd: end,
    });
  }
  return query.orderBy("s.scheduled_at", "ASC").addOrderBy("s.id", "ASC");
}

export function initiativeById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "initiativeById", (ids) =>
    db.getRepository(MediaInitiativeRow).findBy({ id: In(ids) }),
  );
}

export function sessionById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "sessionById", (ids) =>
    db.getRepository(InitiativeSessionRow).findBy({ id: In(ids) }),
  );
}

/** Every session of each initiative, one query for however many initiatives a page shows. */
export function sessionsOfInitiative(db: DataSource, context: RequestContext, timeZone: string) {
  return context.loaders.get<string, InitiativeSessionRow[]>(
    "sessionsOfInitiative",
    async (ids) => {
      const rows = await sessionQuery(db, { initiativeIds: [...ids] }, timeZone).getMany();
      return groupByKeys(ids, rows, (row) => row.initiativeId);
    },
  );
}

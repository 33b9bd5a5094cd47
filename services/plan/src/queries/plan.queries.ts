import { periodRange, rowsById, type RequestContext } from "@gcn/shared";
import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { CommunicationPlanRow } from "../rows/communication-plan.row";
import { PlanItemRow } from "../rows/plan-item.row";

export interface ItemCriteria {
  period?: { year: number; month?: number | null } | null;
  ownerId?: string | null;
  ownerIds?: string[];
  kind?: string | null;
  priority?: string | null;
  status?: string | null;
  statuses?: string[];
  excludeStatus?: string;
  tag?: string | null;
}

/** The one place item filters become SQL (period by startsAt in the network's time zone). */
export function itemQuery(
  db: DataSource,
  criteria: ItemCriteria,
  timeZone: string,
): SelectQueryBuilder<PlanItemRow> {
  const query = db.getRepository(PlanItemRow).createQueryBuilder("item");
  if (criteria.period) {
    const { start, end } = periodRange(criteria.period, timeZone);
    query.andWhere("item.starts_at >= :start AND item.starts_at < :end", { start, end });
  }
  if (criteria.ownerId)
    query.andWhere("item.owner_id = :ownerId", { ownerId: criteria.ownerId.toLowerCase() });
  if (criteria.ownerIds)
    query.andWhere("item.owner_id = ANY(:ownerIds)", { ownerIds: criteria.ownerIds });
  if (criteria.kind) query.andWhere("item.kind = :kind", { kind: criteria.kind });
  if (criteria.priority)
    query.andWhere("item.priority = :priority", { priority: criteria.priority });
  if (criteria.status) query.andWhere("item.status = :status", { status: criteria.status });
  if (criteria.statuses)
    query.andWhere("item.status = ANY(:statuses)", { statuses: criteria.statuses });
  if (criteria.excludeStatus)
    query.andWhere("item.status <> :excluded", { excluded: criteria.excludeStatus });
  if (criteria.tag) query.andWhere(":tag = ANY(item.national_plan_tags)", { tag: criteria.tag });
  return query.orderBy("item.starts_at", "ASC").addOrderBy("item.id", "ASC");
}

export function planById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "planById", (ids) =>
    db.getRepository(CommunicationPlanRow).findBy({ id: In(ids) }),
  );
}

export function planItemById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "planItemById", (ids) =>
    db.getRepository(PlanItemRow).findBy({ id: In(ids) }),
  );
}

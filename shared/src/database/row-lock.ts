import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { notFound } from "../errors/coded-errors";

/**
 * Loads one row by id with `SELECT ... FOR UPDATE`, so a command's read-check-write on it cannot
 * interleave with another writer's; answers NOT_FOUND naming `what` when there is none.
 */
export async function lockRowForUpdate<T extends ObjectLiteral>(
  tx: EntityManager,
  target: EntityTarget<T>,
  what: string,
  id: string,
): Promise<T> {
  const row = await tx
    .getRepository(target)
    .createQueryBuilder("row")
    .setLock("pessimistic_write")
    .where("row.id = :id", { id })
    .getOne();
  if (!row) throw notFound(what, id);
  return row;
}

/** What NOT_FOUND calls a row class's aggregate: `GovernmentEntityRow` -> "Government entity". */
export function aggregateLabel(rowClass: { name: string }): string {
  const words = rowClass.name.replace(/Row$/, "").replace(/([a-z])([A-Z])/g, "$1 $2");
  return words.charAt(0) + words.slice(1).toLowerCase();
}

/**
 * The shape of every command that changes one existing aggregate, in one transaction: lock its
 * row by id (NOT_FOUND naming the aggregate), let `change` check and edit it, save it, and let
 * `record` write its event from the saved row, so the change and its event commit together.
 */
export function changeLockedRow<T extends ObjectLiteral>(
  db: DataSource,
  rowClass: new () => T,
  id: string,
  change: (row: T, tx: EntityManager) => void | Promise<void>,
  record: (tx: EntityManager, saved: T) => Promise<unknown>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const row = await lockRowForUpdate(tx, rowClass, aggregateLabel(rowClass), id);
    await change(row, tx);
    const saved = await tx.getRepository(rowClass).save(row);
    await record(tx, saved);
    return saved;
  });
}

import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
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

import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { hasRole } from "../auth/identity";
import { badUserInput, forbidden } from "../errors/coded-errors";
import type { CommandContext } from "../subgraph/request-context";
import { EntityRefRow } from "./entity-ref.row";

/**
 * The rule for records an entity owns (plan items, sessions it hosts): ADMIN writes every one; a
 * LIAISON only those of their own entity. Anyone else is refused with `refusal`.
 */
export function assertMayWriteRecordsOf(
  context: CommandContext,
  ownerEntityId: string,
  refusal: string,
): void {
  const identity = context.identity;
  if (hasRole(identity, "ADMIN")) return;
  if (
    hasRole(identity, "LIAISON") &&
    identity?.entityId?.toLowerCase() === ownerEntityId.toLowerCase()
  )
    return;
  throw forbidden(refusal);
}

/**
 * The entity must be known and active, as the entities events tell it; `inactive` is what the
 * refusal adds after "Entity <code> is inactive".
 */
export async function requireActiveEntity(
  tx: EntityManager,
  id: string,
  field: string,
  inactive = "",
): Promise<void> {
  const entity = await tx.getRepository(EntityRefRow).findOneBy({ id });
  if (!entity) throw badUserInput(`${field} names no known government entity`, field);
  if (!entity.active) throw badUserInput(`Entity ${entity.code} is inactive${inactive}`, field);
}

/** Every one of `ids` must be a known government entity. */
export async function requireKnownEntities(
  tx: EntityManager,
  ids: string[],
  field: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.getRepository(EntityRefRow).countBy({ id: In(ids) });
  if (found !== ids.length)
    throw badUserInput(`${field} names an unknown government entity`, field);
}

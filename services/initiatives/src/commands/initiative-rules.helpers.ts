import { badUserInput, forbidden, hasRole, type CommandContext } from "@gcn/shared";
import { In, type EntityManager } from "typeorm";
import { EntityRefRow } from "../entities/entity-ref.entity";
import { LiaisonRefRow } from "../entities/liaison-ref.entity";

/** ADMIN manages every session; a LIAISON only sessions their own entity hosts. */
export function assertMayManageSessionsOf(context: CommandContext, hostEntityId: string): void {
  const identity = context.identity;
  if (hasRole(identity, "ADMIN")) return;
  if (
    hasRole(identity, "LIAISON") &&
    identity?.entityId?.toLowerCase() === hostEntityId.toLowerCase()
  )
    return;
  throw forbidden("A liaison may only manage sessions hosted by their own entity");
}

/** The host must be a known, active government entity (from gcn.entities.v1). */
export async function requireActiveEntity(
  tx: EntityManager,
  id: string,
  field: string,
): Promise<void> {
  const entity = await tx.getRepository(EntityRefRow).findOneBy({ id });
  if (!entity) throw badUserInput(`${field} names no known government entity`, field);
  if (!entity.active) throw badUserInput(`Entity ${entity.code} is inactive`, field);
}

/** Every partner must be a known government entity. */
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

/** A coordinating liaison must be an active liaison of the host entity. */
export async function requireLiaisonOf(
  tx: EntityManager,
  liaisonId: string,
  hostEntityId: string,
  field: string,
): Promise<void> {
  const liaison = await tx.getRepository(LiaisonRefRow).findOneBy({ id: liaisonId });
  if (!liaison || !liaison.active) throw badUserInput(`${field} names no active liaison`, field);
  if (liaison.entityId !== hostEntityId) {
    throw badUserInput(`${field} is a liaison of another entity, not of the host`, field);
  }
}

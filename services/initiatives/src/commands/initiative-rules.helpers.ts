import { assertMayWriteRecordsOf, badUserInput, type CommandContext } from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { LiaisonRefRow } from "../rows/liaison-ref.row";

/** ADMIN manages every session; a LIAISON only sessions their own entity hosts. */
export function assertMayManageSessionsOf(context: CommandContext, hostEntityId: string): void {
  assertMayWriteRecordsOf(
    context,
    hostEntityId,
    "A liaison may only manage sessions hosted by their own entity",
  );
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

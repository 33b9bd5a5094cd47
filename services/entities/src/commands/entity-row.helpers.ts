import { badUserInput, foldForSearch } from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";

/** The folded text entity search matches against: code, English name, Arabic name. */
export function searchTextOf(row: Pick<GovernmentEntityRow, "code" | "nameAr" | "nameEn">): string {
  return foldForSearch([row.code, row.nameEn ?? "", row.nameAr].join(" "));
}

export async function requireKnownParent(
  tx: EntityManager,
  parentId: string,
  field: string,
): Promise<void> {
  const exists = await tx.getRepository(GovernmentEntityRow).existsBy({ id: parentId });
  if (!exists) throw badUserInput(`${field} names no known government entity`, field);
}

/**
 * True when making `parentId` the parent of `entityId` would put the entity under itself.
 * `parentOf` maps each entity to its current parent (null at the top).
 */
export function wouldCreateCycle(
  entityId: string,
  parentId: string,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  for (
    let current: string | null | undefined = parentId;
    current;
    current = parentOf.get(current)
  ) {
    if (current === entityId) return true;
    if (seen.has(current)) return true;
    seen.add(current);
  }
  return false;
}

/** What clash detection needs of a plan item. */
export interface ClashCandidate {
  id: string;
  ownerId: string;
  priority: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  channels: readonly string[];
}

export interface DetectedClash<T extends ClashCandidate, C extends string = string> {
  a: T;
  b: T;
  sharedChannels: C[];
  overlapStartsAt: Date;
  overlapEndsAt: Date;
}

/** Only high-priority items that are still going ahead can clash (the queries filter on these). */
export const CLASHING_PRIORITIES: readonly string[] = ["CRITICAL", "HIGH"];
export const CLASHING_STATUSES: readonly string[] = ["PLANNED", "CONFIRMED"];

export function canClash(item: ClashCandidate): boolean {
  return CLASHING_PRIORITIES.includes(item.priority) && CLASHING_STATUSES.includes(item.status);
}

/** a before b: by startsAt, then id. */
function compare(a: ClashCandidate, b: ClashCandidate): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Every clash among the candidates with at least one item starting in [periodStart, periodEnd):
 * two items of different owners, both HIGH or CRITICAL, both PLANNED or CONFIRMED, whose ranges
 * overlap (`a.startsAt < b.endsAt && b.startsAt < a.endsAt`; touching ranges do not) and that
 * share a channel. Each pair once, a before b (startsAt, then id); pairs in that order too.
 * `channelOrder` fixes the order of `sharedChannels`.
 */
export function detectClashes<T extends ClashCandidate, C extends string>(
  candidates: readonly T[],
  periodStart: Date,
  periodEnd: Date,
  channelOrder: readonly C[],
): DetectedClash<T, C>[] {
  const inPeriod = (item: T) => item.startsAt >= periodStart && item.startsAt < periodEnd;
  const sorted = candidates.filter(canClash).sort(compare);
  const clashes: DetectedClash<T, C>[] = [];
  // Sweep by start time: once b starts at or after a ends, no later item can overlap a either.
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.startsAt >= a.endsAt) break;
      if (a.ownerId === b.ownerId) continue;
      if (!(a.startsAt < b.endsAt)) continue;
      if (!inPeriod(a) && !inPeriod(b)) continue;
      const shared = channelOrder.filter((c) => a.channels.includes(c) && b.channels.includes(c));
      if (shared.length === 0) continue;
      clashes.push({
        a,
        b,
        sharedChannels: shared,
        overlapStartsAt: b.startsAt,
        overlapEndsAt: a.endsAt < b.endsAt ? a.endsAt : b.endsAt,
      });
    }
  }
  return clashes;
}

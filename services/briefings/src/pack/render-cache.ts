/**
 * Live renders of draft months, kept until anything changes: the briefings follow every
 * service's events and `invalidate()` on each, so a draft is never older than the last event
 * that reached them. Readers asking for the same render at the same time share one.
 */
export class RenderCache<T> {
  private generation = 0;
  private readonly entries = new Map<string, { generation: number; value: Promise<T> }>();

  constructor(private readonly limit = 64) {}

  /** Something the packs are made from changed: every render kept so far is out of date. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The kept render, or `make()`'s; `keep` says whether a result may be kept. */
  get(key: string, make: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation) {
      // Most recently used last, so the first entry is the one to drop.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const generation = this.generation;
    const value = make();
    this.entries.set(key, { generation, value });
    while (this.entries.size > this.limit) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    const forget = () => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    };
    value.then((result) => (keep(result) ? undefined : forget()), forget);
    return value;
  }
}

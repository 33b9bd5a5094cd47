import DataLoader from "dataloader";

/**
 * Per-request DataLoaders, created on first use under a name. A request gets a fresh registry,
 * so caching never leaks between callers; every list of N references costs one batch, not N.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 }) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results by key: the shape DataLoader wants, `null` where nothing was found. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map<K, V>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** Groups batch results by key for one-to-many loads (e.g. an entity's liaisons). */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const list = groups.get(keyOf(row)) ?? [];
    list.push(row);
    groups.set(keyOf(row), list);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * A per-request loader of rows by UUID: ids that are not UUIDs resolve to null without reaching
 * SQL, and the batch costs one `fetch` for however many ids a request asks for.
 */
export function rowsById<T extends { id: string }>(
  loaders: LoaderRegistry,
  name: string,
  fetch: (ids: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return loaders.get<string, T | null>(name, async (ids) => {
    const wanted = ids.map((id) => id.toLowerCase());
    const valid = wanted.filter((id) => UUID.test(id));
    const rows = valid.length > 0 ? await fetch(valid) : [];
    return byKeys(wanted, rows, (row) => row.id);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

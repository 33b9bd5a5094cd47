import type { DataSource } from "typeorm";

/**
 * One `T` for each database a process serves (the embedded stack and the tests run several
 * services' DataSources in one process), made on first use and gone with its DataSource.
 */
export function perDatabase<T>(make: () => T): (db: DataSource) => T {
  const made = new WeakMap<DataSource, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make();
      made.set(db, value);
    }
    return value;
  };
}

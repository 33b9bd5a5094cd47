import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where a service keeps its emitted SDL: `services/<name>/schema.graphql`. */
export function schemaFileOf(serviceDir: string): string {
  return path.join(serviceDir, "schema.graphql");
}

/** Writes the SDL a service emits (`npm run compose` runs it for every service). */
export function writeSchemaFile(serviceDir: string, sdl: string): string {
  const target = schemaFileOf(serviceDir);
  writeFileSync(target, sdl.endsWith("\n") ? sdl : `${sdl}\n`);
  return target;
}

/** The committed SDL, for the drift test that keeps it equal to what the code emits. */
export function readSchemaFile(serviceDir: string): string {
  return readFileSync(schemaFileOf(serviceDir), "utf8");
}

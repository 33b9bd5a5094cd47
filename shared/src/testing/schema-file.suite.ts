import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { sdlOf, type ServiceDescriptor } from "../services/service-descriptor";
import { readSchemaFile } from "../subgraph/schema-file";

/**
 * A service's schema.graphql checks: the committed file is what the code emits, and the SDL
 * keeps every name front-end teams code against (`contractNames`, each a piece of SDL).
 */
export function describeSchemaFile(
  service: ServiceDescriptor,
  serviceDir: string,
  contractNames: string[],
): void {
  describe(`${service.name} schema.graphql`, () => {
    it("matches what the code emits (run `npm run compose` after changing the schema)", async () => {
      assert.equal(
        readSchemaFile(path.resolve(serviceDir)).trimEnd(),
        (await sdlOf(service)).trimEnd(),
      );
    });

    it("keeps the contract's names and its federated extensions", async () => {
      const sdl = await sdlOf(service);
      for (const name of contractNames) assert.ok(sdl.includes(name), `schema has ${name}`);
    });
  });
}

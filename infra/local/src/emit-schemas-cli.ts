import "reflect-metadata";
import path from "node:path";
import { emitSchemaFile } from "@gcn/shared";
import { REPO_ROOT } from "./local-config";
import { platformServices } from "./platform-services";

/** Writes every registered service's SDL to services/<name>/schema.graphql (`npm run compose`). */
async function main(): Promise<void> {
  for (const service of platformServices()) {
    const target = await emitSchemaFile(service, REPO_ROOT);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

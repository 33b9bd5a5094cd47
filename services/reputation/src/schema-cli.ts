import "reflect-metadata";
import path from "node:path";
import { writeSchemaFile } from "@gcn/shared";
import { createReputationDataSource } from "./data-source";
import { buildReputationSubgraph } from "./reputation-subgraph";

/** Writes this subgraph's SDL to services/reputation/schema.graphql (run by `npm run compose`). */
async function main(): Promise<void> {
  const { sdl } = await buildReputationSubgraph(
    createReputationDataSource("postgres://unused/unused"),
    "UTC",
  );
  const target = writeSchemaFile(path.resolve(__dirname, "../.."), sdl);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createPlanDataSource } from "./data-source";
import { buildPlanSubgraph } from "./plan-subgraph";

/** Writes this subgraph's SDL to services/plan/schema.graphql (run by `npm run compose`). */
async function main(): Promise<void> {
  const { sdl } = await buildPlanSubgraph(createPlanDataSource("postgres://unused/unused"), "UTC");
  const target = path.resolve(__dirname, "../../schema.graphql");
  writeFileSync(target, sdl.endsWith("\n") ? sdl : `${sdl}\n`);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

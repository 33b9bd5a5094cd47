import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./config";
import { composeSupergraph, registeredSubgraphs } from "./supergraph-composer";

/**
 * `npm run compose`: composes the emitted subgraph SDLs into infra/supergraph/supergraph.graphql.
 * `--check` fails when the committed supergraph differs from what the SDLs compose to.
 */
function main(): void {
  const check = process.argv.includes("--check");
  const subgraphs = registeredSubgraphs();
  const result = composeSupergraph(REPO_ROOT, subgraphs);
  if (result.errors.length > 0) {
    console.error(`Composition failed with ${result.errors.length} error(s):`);
    for (const error of result.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const target = path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql");
  if (check) {
    const committed = readFileSync(target, "utf8");
    if (committed !== result.supergraphSdl) {
      console.error(
        "infra/supergraph/supergraph.graphql is stale: run `npm run compose` and commit it",
      );
      process.exit(1);
    }
    console.log(`supergraph is up to date (${subgraphs.length} subgraphs)`);
    return;
  }
  writeFileSync(target, result.supergraphSdl!);
  console.log(
    `composed ${subgraphs.map((s) => s.name).join(", ")} -> ${path.relative(process.cwd(), target)}`,
  );
  if (result.hints.length > 0) console.log(`${result.hints.length} composition hint(s)`);
}

main();

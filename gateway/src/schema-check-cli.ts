import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "./config";
import { checkApiChanges } from "./schema-check";
import { composeSupergraph, readSubgraphList } from "./supergraph-composer";

/**
 * `npm run schema:check`: composes the subgraphs' current schema.graphql files and compares the
 * client-facing API with the committed supergraph. Fails on a composition error or on any
 * breaking change, printing each one; additions pass.
 */
function main(): void {
  const { values } = parseArgs({ options: { root: { type: "string", default: REPO_ROOT } } });
  const root = path.resolve(values.root!);
  const subgraphs = readSubgraphList(root);
  const composed = composeSupergraph(root, subgraphs);
  if (composed.errors.length > 0) {
    console.error(`schema:check failed: composition has ${composed.errors.length} error(s):`);
    for (const error of composed.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const committedPath = path.join(root, "infra/supergraph/supergraph.graphql");
  const committed = readFileSync(committedPath, "utf8");
  const { breaking, dangerous } = checkApiChanges(committed, composed.supergraphSdl!);
  for (const change of dangerous) console.log(`  warning  ${change}`);
  if (breaking.length > 0) {
    console.error(
      `schema:check failed: ${breaking.length} breaking change(s) to the client-facing API against ${path.relative(process.cwd(), committedPath) || committedPath}:`,
    );
    for (const change of breaking) console.error(`  breaking ${change}`);
    console.error(
      "Deprecate first (@deprecated), ship, wait until no client uses it, then remove.",
    );
    process.exit(1);
  }
  const unchanged = composed.supergraphSdl === committed;
  console.log(
    `schema:check passed: ${subgraphs.length} subgraphs compose; ${
      unchanged
        ? "no change to the supergraph"
        : "no breaking change (run `npm run compose` and commit the new supergraph)"
    }${dangerous.length ? `; ${dangerous.length} warning(s)` : ""}`,
  );
}

main();

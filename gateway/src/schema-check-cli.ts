import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "./config";
import {
  ACCEPTED_CHANGES_FILE,
  checkApiChanges,
  unaccepted,
  type AcceptedChange,
} from "./schema-check";
import { composeSupergraph, registeredSubgraphs } from "./supergraph-composer";

/**
 * `npm run schema:check`: composes the subgraphs' current schema.graphql files and compares the
 * client-facing API with the committed supergraph. Fails on a composition error or on any
 * breaking change that infra/supergraph/accepted-changes.json does not record, printing each
 * one; additions pass. `--accept "why"` records the current breaking changes there, with the
 * reason and the day, for a change the project decided to make (a field made nullable so a page
 * survives a subgraph outage).
 */
function main(): void {
  const { values } = parseArgs({
    options: { root: { type: "string", default: REPO_ROOT }, accept: { type: "string" } },
  });
  const root = path.resolve(values.root!);
  const subgraphs = registeredSubgraphs();
  const composed = composeSupergraph(root, subgraphs);
  if (composed.errors.length > 0) {
    console.error(`schema:check failed: composition has ${composed.errors.length} error(s):`);
    for (const error of composed.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const committedPath = path.join(root, "infra/supergraph/supergraph.graphql");
  const committed = readFileSync(committedPath, "utf8");
  const { breaking: all, dangerous } = checkApiChanges(committed, composed.supergraphSdl!);
  const acceptedPath = path.join(root, ACCEPTED_CHANGES_FILE);
  const accepted = existsSync(acceptedPath)
    ? (JSON.parse(readFileSync(acceptedPath, "utf8")) as { accepted: AcceptedChange[] }).accepted
    : [];
  let breaking = unaccepted(all, accepted);
  if (values.accept !== undefined && breaking.length > 0) {
    if (values.accept.trim().length < 10) {
      console.error("schema:check: --accept needs the reason, in a sentence");
      process.exit(2);
    }
    const on = new Date().toISOString().slice(0, 10);
    accepted.push(...breaking.map((change) => ({ change, why: values.accept!, on })));
    writeFileSync(acceptedPath, `${JSON.stringify({ accepted }, null, 2)}\n`);
    for (const change of breaking) console.log(`  recorded ${change}`);
    breaking = [];
  }
  for (const change of dangerous) console.log(`  warning  ${change}`);
  for (const change of all.filter((c) => !breaking.includes(c))) {
    const entry = accepted.find((a) => a.change === change)!;
    console.log(`  accepted ${change} (${entry.on}: ${entry.why})`);
  }
  if (breaking.length > 0) {
    console.error(
      `schema:check failed: ${breaking.length} breaking change(s) to the client-facing API against ${path.relative(process.cwd(), committedPath) || committedPath}:`,
    );
    for (const change of breaking) console.error(`  breaking ${change}`);
    console.error(
      "Deprecate first (@deprecated), ship, wait until no client uses it, then remove; or, for a\n" +
        'change decided on, record it: npm run schema:check -- --accept "why".',
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

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { SERVICE_NAMES } from "@gcn/shared";
import { REPO_ROOT } from "../src/config";
import { ACCEPTED_CHANGES_FILE } from "../src/schema-check";
import { registeredSubgraphs } from "../src/supergraph-composer";

const CLI = path.join(REPO_ROOT, "gateway/dist/src/schema-check-cli.js");

/** Runs `npm run schema:check`'s checker against a copy of the repository's schema files. */
function schemaCheck(
  root: string,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "--root", root, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("npm run schema:check", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "gcn-schema-check-"));
  const planSchema = path.join(root, "services/plan/schema.graphql");

  beforeEach(() => {
    for (const file of ["infra/supergraph/supergraph.graphql", ACCEPTED_CHANGES_FILE]) {
      cpSync(path.join(REPO_ROOT, file), path.join(root, file));
    }
    for (const subgraph of registeredSubgraphs()) {
      cpSync(path.join(REPO_ROOT, subgraph.schema), path.join(root, subgraph.schema));
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const editPlanItem = (edit: (block: string) => string) => {
    const sdl = readFileSync(planSchema, "utf8");
    const start = sdl.indexOf("type PlanItem\n");
    const end = sdl.indexOf("\n}", start);
    assert.ok(start >= 0 && end > start, "the plan schema has a PlanItem type");
    writeFileSync(planSchema, sdl.slice(0, start) + edit(sdl.slice(start, end)) + sdl.slice(end));
  };

  it("passes the repository as committed", async () => {
    const result = await schemaCheck(root);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`schema:check passed: ${SERVICE_NAMES.length} subgraphs compose; no change`),
    );
  });

  it("fails when a field's type changes in one service, naming the field", async () => {
    editPlanItem((block) => block.replace("priority: Priority!", "priority: String!"));
    const result = await schemaCheck(root);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /breaking FIELD_CHANGED_KIND: PlanItem\.priority changed type/);
  });

  it("passes a breaking change once --accept records it with its reason, and still fails others", async () => {
    editPlanItem((block) => block.replace("priority: Priority!", "priority: Priority"));
    const refused = await schemaCheck(root);
    assert.equal(refused.code, 1);
    const recorded = await schemaCheck(root, ["--accept", "Priority may be unknown for imports"]);
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.match(recorded.stdout, /recorded FIELD_CHANGED_KIND: PlanItem\.priority/);
    const file = JSON.parse(readFileSync(path.join(root, ACCEPTED_CHANGES_FILE), "utf8")) as {
      accepted: { change: string; why: string }[];
    };
    assert.equal(file.accepted.at(-1)!.why, "Priority may be unknown for imports");
    const again = await schemaCheck(root);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /accepted FIELD_CHANGED_KIND: PlanItem\.priority .*Priority may be unknown/,
    );
    editPlanItem((block) => block.replace("status: PlanItemStatus!", "status: String!"));
    const other = await schemaCheck(root);
    assert.equal(other.code, 1, "a change nobody recorded still fails");
    assert.match(other.stderr, /PlanItem\.status/);
  });

  it("fails when a field is removed, and when a new argument is required", async () => {
    editPlanItem((block) =>
      block
        .replace(/\n\s*priority: Priority!/, "")
        .replace("keyMessages: [String!]!", "keyMessages(locale: String!): [String!]!"),
    );
    const result = await schemaCheck(root);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PlanItem\.priority was removed/);
    assert.match(
      result.stderr,
      /REQUIRED_ARG_ADDED: A required arg locale on PlanItem\.keyMessages/,
    );
  });

  it("passes when a field is added, and says to compose", async () => {
    editPlanItem((block) => `${block}\n  """Added by the plan team"""\n  pressContact: String`);
    const result = await schemaCheck(root);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /no breaking change \(run `npm run compose`/);
  });

  it("fails on a composition error", async () => {
    // A shareable type whose field has another type in one subgraph cannot compose.
    const entities = path.join(root, "services/entities/schema.graphql");
    writeFileSync(
      entities,
      readFileSync(entities, "utf8").replace(
        /(type Period\s+@shareable\s+\{\s+year: )Int!/,
        "$1String!",
      ),
    );
    const result = await schemaCheck(root);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /composition has \d+ error/);
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { renderConfigurationReference } from "../src/config-reference";
import { REPO_ROOT } from "../src/local-config";

describe("docs/configuration.md", () => {
  it("lists every variable the config readers read, as the code has it", () => {
    const committed = readFileSync(path.join(REPO_ROOT, "docs/configuration.md"), "utf8");
    assert.equal(committed, renderConfigurationReference(), "run `npm run config:docs`");
    assert.match(committed, /\| `GATEWAY_SECRET` \| every service, gateway \|/);
  });
});

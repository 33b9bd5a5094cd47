import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderConfigurationReference } from "./config-reference";
import { REPO_ROOT } from "./local-config";

/** `npm run config:docs`: writes docs/configuration.md from the config readers. */
const target = path.join(REPO_ROOT, "docs/configuration.md");
writeFileSync(target, renderConfigurationReference());
console.log(`wrote ${path.relative(process.cwd(), target)}`);

import path from "node:path";
import { readBriefingsConfig } from "@gcn/briefings";
import { readGatewayConfig } from "@gcn/gateway";
import {
  EnvReader,
  readServiceConfig,
  SERVICE_NAMES,
  SERVICE_REGISTRY,
  type VariableRead,
} from "@gcn/shared";
import { readLocalConfig, REPO_ROOT } from "./local-config";

/** What each variable means; the generator refuses a variable a reader asks for without one. */
const MEANINGS: Record<string, string> = {
  NODE_ENV:
    "`production` refuses development secrets and defaults, turns introspection and the Sandbox page off, and refuses every GCN_FAULT_* variable",
  HOST: "interface to listen on",
  OTEL_EXPORTER_OTLP_ENDPOINT:
    "OpenTelemetry collector (OTLP/HTTP JSON) base URL, e.g. `http://otel-collector:4318`: spans go to `/v1/traces`, service name `gcn-<service>`; unset, tracing is off",
  PORT: "port, when the service-specific variable is not set",
  GATEWAY_PORT: "gateway port (`npm start` also uses it)",
  GATEWAY_SECRET:
    "HMAC key the gateway signs the caller's identity with and subgraphs verify; at least 16 characters; required in production",
  GATEWAY_SECRET_PREVIOUS:
    "during a rotation: the old gateway secret, still accepted by subgraphs until the gateway signs with the new one (docs/runbooks.md)",
  JWT_SECRET_PREVIOUS:
    "during a rotation: the old HS256 key, whose tokens stay valid until they expire (docs/runbooks.md)",
  KAFKA_BROKERS: "comma-separated brokers; unset means in-process events (single process only)",
  KAFKA_TOPIC_PREFIX: "prefix for every topic (isolates test or tenant runs on a shared broker)",
  CONSUMER_GROUP_PREFIX: "prefix of consumer groups and inbox names, `<prefix>.<service>.<source>`",
  LOG_LEVEL: "pino log level",
  GCN_TIME_ZONE: "the network's time zone: calendar days, months and 'this month'",
  GCN_FAULT_FAIL_BEFORE_COMMIT_EVERY:
    "test-only (fault drills): every Nth recorded event fails after its row is written, before commit",
  GCN_FAULT_RELAY_EXIT_AFTER_SENDS:
    "test-only (fault drills): the process exits after the relay's Nth acknowledged batch, before marking it",
  JWKS_URL:
    "JSON Web Key Set of the identity provider (RS256/ES256/PS256/EdDSA tokens); replaces JWT_SECRET",
  JWT_SECRET:
    "HS256 key for tokens (`npm run -s token` signs with it); at least 32 characters; required in production unless JWKS_URL",
  JWT_ISSUER: "expected `iss` of tokens",
  JWT_AUDIENCE: "expected `aud` of tokens",
  SUPERGRAPH_PATH: "the composed supergraph the gateway serves and watches for changes",
  SUBGRAPH_TIMEOUT_MS:
    "per-subgraph request deadline; a slower subgraph becomes SERVICE_UNAVAILABLE",
  GATEWAY_MAX_IN_FLIGHT:
    "GraphQL requests the gateway works on at once; later ones wait their turn in arrival order",
  GATEWAY_DEDUPLICATE:
    "in-flight deduplication: identical query operations, and identical subgraph fetches, in flight at once share one run (keyed by roles and Accept-Language too); `false` turns it off",
  GATEWAY_FAST_PATH:
    "the planned path: a query answered before runs on the gateway's own executor, past Apollo Server's pipeline and Apollo's executor (anything but a plain success is handed to them); `false` sends every request through them",
  APOLLO_TELEMETRY_DISABLED:
    "@apollo/gateway's own telemetry to Apollo's servers (usage-reporting.api.apollographql.com); `true` keeps it off, `false` lets it report",
  GATEWAY_MAX_QUEUED:
    "requests that may wait for a turn; beyond it the gateway answers 503 SERVICE_UNAVAILABLE",
  SUBSCRIPTIONS_PER_CONNECTION:
    "subscriptions one WebSocket connection may hold at once; one more is refused with SUBSCRIPTION_LIMIT_EXCEEDED",
  SUBSCRIPTIONS_PER_TOKEN:
    "subscriptions one token's subject may hold at once on a gateway replica, over every connection",
  SUBSCRIPTION_MAX_BEHIND:
    "changes that may wait for a subscriber that does not read; beyond it its subscription ends with SLOW_CONSUMER",
  INTROSPECTION: "schema introspection (explorers); default on, off when NODE_ENV=production",
  DATABASE_URL: "`npm start`: an existing PostgreSQL server to use instead of the embedded one",
  EMBEDDED_PG_PORT: "`npm start`: port of the embedded PostgreSQL",
  GCN_DATA_DIR: "`npm start`: where the embedded PostgreSQL keeps its data",
  SEED_DEMO_DATA: "`npm start`: load the demo story on first start",
  BRIEFINGS_GATEWAY_URL:
    "the gateway the briefings read each pack's data through (`npm start` sets its own)",
  BRIEFINGS_ISSUER_TOKEN:
    "a bearer token (ANALYST) the briefings issue packs with; unset, a 5-minute one is minted with JWT_SECRET",
  BRIEFINGS_ISSUE_ON_PUBLISH:
    "render and keep a month's pack (both languages, HTML and PDF) when its report is published",
  BRIEFINGS_RENDER_TIMEOUT_MS: "the longest one pack may take: the gateway's answer and the PDF",
  BRIEFINGS_MAX_CONCURRENT_PDFS: "PDFs Chromium prints at once; more wait their turn",
  BRIEFINGS_TIMEOUT_MS:
    "how long the gateway waits for a briefing document from the briefings service",
  CHROMIUM_PATH:
    "headless Chromium that prints the briefing PDFs (Debian's `chromium`); the explorer test uses it too",
  // Each registered service's own three.
  ...Object.fromEntries(
    SERVICE_REGISTRY.flatMap(({ name, summary }) => [
      [`${name.toUpperCase()}_PORT`, `${name} subgraph port (${summary})`],
      [
        `${name.toUpperCase()}_DATABASE_URL`,
        `the ${name} service's own PostgreSQL database (created if missing); required in production`,
      ],
      [
        `SUBGRAPH_URL_${name.toUpperCase()}`,
        `where the gateway reaches the ${name} subgraph (overrides the supergraph's URL)`,
      ],
    ]),
  ),
};

/** Variables read outside the config readers: command-line tools and the test harness. */
const TOOL_VARIABLES: [string, string, string][] = [
  [
    "GATEWAY_URL",
    "`npm run -s token -- --entity <code>`: the gateway it looks the code up through",
    "http://localhost:4000/graphql",
  ],
  ["CI", "`npm test`: a missing Kafka broker or Chromium fails the run instead of skipping", ""],
  ["GCN_TOKEN", "`npm run briefing`: the reader's token (default: a development ANALYST one)", ""],
  ["PLATFORM_TEST_LOG", "tests: log level of the platforms the tests start", "silent"],
  ["DRILL_LOG", "fault drills: log level of the service processes they start", "warn"],
  ["R11_RUNS", "fault drills: generated inputs per mutation in R11", "1000"],
];

const PACKAGES: [string, (env: EnvReader) => unknown][] = [
  ...SERVICE_NAMES.map((name): [string, (env: EnvReader) => unknown] => [
    name,
    (env) => readServiceConfig(name, env),
  ]),
  ["briefings", (env) => readBriefingsConfig(env, false)],
  ["gateway", readGatewayConfig],
  ["npm start (infra/local)", readLocalConfig],
];

function shown(read: VariableRead): string {
  if (read.fallback === undefined) return "";
  // Defaults that are paths inside this checkout are shown relative to it.
  return read.fallback.startsWith(REPO_ROOT)
    ? path.relative(REPO_ROOT, read.fallback)
    : read.fallback;
}

/** docs/configuration.md, from what every config reader asks for. */
export function renderConfigurationReference(): string {
  const variables = new Map<
    string,
    { read: VariableRead; packages: string[]; defaults: Set<string> }
  >();
  for (const [name, reader] of PACKAGES) {
    const env = new EnvReader({});
    reader(env);
    for (const read of env.reads.values()) {
      const entry = variables.get(read.name) ?? { read, packages: [], defaults: new Set<string>() };
      entry.packages.push(name);
      entry.defaults.add(shown(read));
      variables.set(read.name, entry);
    }
  }
  const missing = [...variables.keys()].filter((name) => !MEANINGS[name]);
  if (missing.length)
    throw new Error(`Describe these variables in config-reference.ts: ${missing.join(", ")}`);
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const rows = [...variables.values()].map(({ read, packages, defaults }) => {
    const fallback = defaults.size > 1 ? "differs per package" : shown(read);
    const kind = read.allowed ? `one of ${read.allowed.join(", ")}` : read.kind;
    const services: readonly string[] = SERVICE_NAMES;
    const readers = services.every((name) => packages.includes(name))
      ? ["every service", ...packages.filter((name) => !services.includes(name))]
      : packages;
    return `| \`${read.name}\` | ${readers.join(", ")} | ${cell(defaults.size > 1 ? fallback : fallback ? `\`${fallback}\`` : "")} | ${kind} | ${cell(MEANINGS[read.name]!)} |`;
  });
  return [
    "# Configuration reference",
    "",
    "Generated from the config readers by `npm run config:docs`; a test fails when this file and",
    "the code disagree. Defaults are the development ones: with `NODE_ENV=production` the secrets",
    "and database URLs have none and must be set. A bad value stops the process at start with a",
    "message naming the variable.",
    "",
    "| variable | read by | default | kind | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "## Tools and tests",
    "",
    "| variable | default | meaning |",
    "| --- | --- | --- |",
    ...TOOL_VARIABLES.map(
      ([name, meaning, fallback]) =>
        `| \`${name}\` | ${fallback ? `\`${fallback}\`` : ""} | ${cell(meaning)} |`,
    ),
    "",
  ].join("\n");
}

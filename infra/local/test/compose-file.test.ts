import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { load } from "js-yaml";
import { readBriefingsConfig } from "@gcn/briefings";
import { GATEWAY_NODE_FLAGS, readGatewayConfig, REPO_ROOT } from "@gcn/gateway";
import { allTopics, EnvReader, readServiceConfig, SERVICE_NAMES } from "@gcn/shared";

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: unknown;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = load(readFileSync(path.join(REPO_ROOT, "docker-compose.yml"), "utf8")) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

/** `${VAR}`, `${VAR:?message}` and `${VAR:-default}` resolved from .env.example, as compose does. */
function resolve(value: string | number): string {
  const example = Object.fromEntries(
    readFileSync(path.join(REPO_ROOT, ".env.example"), "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return String(value).replace(
    /\$\{(\w+)(?::[?-]([^}]*))?\}/g,
    (_m, name: string, fallback?: string) => {
      const found = example[name];
      assert.ok(found !== undefined || fallback !== undefined, `.env.example must define ${name}`);
      return found ?? fallback!;
    },
  );
}

const environmentOf = (name: string) =>
  new EnvReader(
    Object.fromEntries(
      Object.entries(services[name]!.environment ?? {}).map(([key, value]) => [
        key,
        resolve(value),
      ]),
    ),
  );

describe("docker-compose.yml", () => {
  it("builds every image from a Dockerfile that exists, with a health check", () => {
    const built = Object.entries(services).filter(([, service]) => service.build);
    assert.deepEqual(built.map(([name]) => name).sort(), [
      "briefings",
      "entities",
      "gateway",
      "initiatives",
      "plan",
      "reputation",
    ]);
    for (const [name, service] of built) {
      const dockerfile = path.join(REPO_ROOT, service.build!.context, service.build!.dockerfile);
      assert.ok(existsSync(dockerfile), `${name}: ${dockerfile} exists`);
      const text = readFileSync(dockerfile, "utf8");
      assert.match(text, /^HEALTHCHECK [^]*?CMD [^\n]*\/health/m, `${name}'s image checks /health`);
      assert.match(text, /^USER node$/m, `${name} runs as a non-root user`);
      assert.match(text, /--omit=dev/, `${name} ships production dependencies only`);
    }
  });

  it("gives every long-running service a health check, and starts each after what it needs", () => {
    const oneShots = new Set(
      Object.values(services).flatMap((service) =>
        Object.entries(service.depends_on ?? {})
          .filter(([, need]) => need.condition === "service_completed_successfully")
          .map(([name]) => name),
      ),
    );
    for (const [name, service] of Object.entries(services)) {
      if (oneShots.has(name) || service.build) continue;
      assert.ok(service.healthcheck, `${name} has a healthcheck`);
    }
    for (const name of SERVICE_NAMES) {
      assert.deepEqual(services[name]!.depends_on, {
        postgres: { condition: "service_healthy" },
        "kafka-topics": { condition: "service_completed_successfully" },
      });
    }
    assert.deepEqual(
      Object.values(services.gateway!.depends_on!).map((need) => need.condition),
      SERVICE_NAMES.map(() => "service_healthy"),
    );
  });

  it("gives each service every variable its production config requires", () => {
    const readers: [string, (env: EnvReader) => unknown][] = [
      ...SERVICE_NAMES.map((name): [string, (env: EnvReader) => unknown] => [
        name,
        (env) => readServiceConfig(name, env),
      ]),
      ["gateway", readGatewayConfig],
    ];
    for (const [name, read] of readers) {
      const env = environmentOf(name);
      assert.equal(env.optional("NODE_ENV"), "production", `${name} runs in production mode`);
      assert.doesNotThrow(() => read(env), `${name}'s config accepts its compose environment`);
    }
    for (const name of SERVICE_NAMES) {
      assert.equal(environmentOf(name).optional("KAFKA_BROKERS"), "kafka:9092");
    }
    // The briefings' own variables too (their issuer needs a secret or a token in production).
    assert.doesNotThrow(() => readBriefingsConfig(environmentOf("briefings"), true));
  });

  it("publishes no port but the gateway's", () => {
    const published = Object.entries(services)
      .filter(([, service]) => service.ports?.length)
      .map(([name, service]) => `${name} ${service.ports!.join(",")}`);
    assert.deepEqual(published, ["gateway 4000:4000"]);
  });

  it("creates exactly the platform's topics", () => {
    assert.ok(
      services["kafka-topics"]!.volumes!.includes("./infra/kafka/topics.txt:/topics.txt:ro"),
    );
    const listed = readFileSync(path.join(REPO_ROOT, "infra/kafka/topics.txt"), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    assert.deepEqual(listed.sort(), allTopics().sort());
  });

  it("commits no real secret: .env.example holds placeholders only", () => {
    const example = readFileSync(path.join(REPO_ROOT, ".env.example"), "utf8");
    for (const line of example.split("\n").filter((l) => /^[A-Z_]+=/.test(l))) {
      assert.match(line, /=change-me/, `${line.split("=")[0]} is a placeholder`);
    }
    assert.ok(!existsSync(path.join(REPO_ROOT, ".env")) || process.env.CI !== "true");
  });
  it("runs the gateway with its Node.js flags in the image and in its start script", () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, "infra/docker/Dockerfile"), "utf8");
    const stage = dockerfile.slice(dockerfile.indexOf("FROM service AS gateway"));
    const command = /^CMD (\[.*\])$/m.exec(stage)?.[1];
    assert.deepEqual(
      command && (JSON.parse(command) as string[]),
      ["node", ...GATEWAY_NODE_FLAGS, "gateway/dist/src/main.js"],
      "the image's command",
    );
    assert.doesNotMatch(stage, /^ENV NODE_OPTIONS/m, "NODE_OPTIONS would refuse the flags");
    const start = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, "gateway/package.json"), "utf8")) as {
        scripts: { start: string };
      }
    ).scripts.start;
    assert.equal(start, `node ${GATEWAY_NODE_FLAGS.join(" ")} dist/src/main.js`);
  });
});

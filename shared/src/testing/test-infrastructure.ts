import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startEmbeddedPostgres } from "../database/embedded-postgres";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "../../../..");

export interface TestInfrastructure {
  /** A server URL whose user may create databases (tests create their own). */
  databaseUrl: string;
  /** Undefined when no broker could be had (Kafka suites then skip, loudly, outside CI). */
  kafkaBrokers?: string;
  describe: string[];
  stop(): Promise<void>;
}

function log(message: string): void {
  process.stderr.write(`[test-infra] ${message}\n`);
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** testcontainers answers within milliseconds when no engine runs: that is the signal to fall back. */
async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function providePostgres(
  docker: boolean,
): Promise<{ url: string; how: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, how: "DATABASE_URL", stop: async () => undefined };
  }
  if (docker) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:16").start();
    return {
      url: container.getConnectionUri(),
      how: "testcontainers postgres:16",
      stop: async () => void (await container.stop()),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcn-test-pg-"));
  const port = await freePort();
  const pg = await startEmbeddedPostgres(dir, port);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    how: `embedded-postgres on port ${port}`,
    stop: () => pg.stop(),
  };
}

async function provideKafka(
  docker: boolean,
): Promise<{ brokers?: string; how: string; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS) {
    return {
      brokers: process.env.KAFKA_BROKERS,
      how: "KAFKA_BROKERS",
      stop: async () => undefined,
    };
  }
  if (docker) {
    const { KafkaContainer } = await import("@testcontainers/kafka");
    const container = await new KafkaContainer("confluentinc/cp-kafka:7.7.1").withKraft().start();
    return {
      brokers: `${container.getHost()}:${container.getMappedPort(9093)}`,
      how: "testcontainers cp-kafka (KRaft)",
      stop: async () => void (await container.stop()),
    };
  }
  const script = path.join(REPO_ROOT, "infra/kafka/kafka.sh");
  const java = await run("java", ["-version"]).then(
    () => true,
    () => false,
  );
  if (java && existsSync(script)) {
    const port = await freePort();
    const env = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "gcn-test-kafka-")),
    };
    log(`starting Kafka with infra/kafka on port ${port} (first run fetches jars with Maven)`);
    await run("bash", [script, "start"], { env, maxBuffer: 1 << 24 });
    return {
      brokers: `127.0.0.1:${port}`,
      how: `infra/kafka on port ${port}`,
      stop: async () => void (await run("bash", [script, "stop"], { env })),
    };
  }
  return { how: "none (no KAFKA_BROKERS, no Docker engine, no Java)", stop: async () => undefined };
}

/**
 * Finds the test infrastructure in architecture.md's order: DATABASE_URL / KAFKA_BROKERS from the
 * environment; testcontainers when a Docker engine answers; embedded-postgres and infra/kafka;
 * otherwise no Kafka, which fails the run when CI is set.
 */
export async function provideTestInfrastructure(): Promise<TestInfrastructure> {
  const needDocker = !process.env.DATABASE_URL || !process.env.KAFKA_BROKERS;
  const docker = needDocker && (await dockerAvailable());
  const postgres = await providePostgres(docker);
  log(`PostgreSQL: ${postgres.how}`);
  const kafka = await provideKafka(docker).catch((error: unknown) => {
    log(`Kafka could not be started: ${error instanceof Error ? error.message : String(error)}`);
    return { brokers: undefined, how: "none (start failed)", stop: async () => undefined };
  });
  log(`Kafka: ${kafka.how}`);
  if (!kafka.brokers && process.env.CI) {
    await postgres.stop();
    throw new Error("CI is set but no Kafka broker is available: Kafka tests must run in CI");
  }
  return {
    databaseUrl: postgres.url,
    kafkaBrokers: kafka.brokers,
    describe: [`PostgreSQL: ${postgres.how}`, `Kafka: ${kafka.how}`],
    stop: async () => {
      await kafka.stop().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
    },
  };
}

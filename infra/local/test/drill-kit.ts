import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { REPO_ROOT } from "@gcn/gateway";
import { Kafka, logLevel } from "kafkajs";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A service running as its own process, as deployed: the drills kill and restart it. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
  output(): string;
  start(extraEnv?: Record<string, string | undefined>): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<string>;
}

export async function serviceProcess(
  service: "entities" | "plan" | "initiatives" | "reputation",
  env: Record<string, string | undefined>,
): Promise<ServiceProcess> {
  const port = await freePort();
  const upper = service.toUpperCase();
  let log = "";
  const handle = {
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => log,
  } as ServiceProcess;
  handle.start = async (extraEnv = {}) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, `services/${service}/dist/src/main.js`)],
      {
        env: {
          ...process.env,
          ...env,
          ...extraEnv,
          [`${upper}_PORT`]: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: process.env.DRILL_LOG ?? "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    handle.child = child;
    handle.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve(signal ?? String(code))),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${service} exited on start:\n${log.slice(-2000)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${service} was not ready in 60 s:\n${log.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  handle.kill = async (signal) => {
    if (handle.child.exitCode === null && handle.child.signalCode === null)
      handle.child.kill(signal);
    return handle.exited;
  };
  return handle;
}

/**
 * Every message on a topic from the beginning: at least `expected` of them, then whatever else
 * arrives until the topic has been quiet for `quietMs` (duplicates show up there).
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  expected: number,
  quietMs = 1500,
): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
  const kafka = new Kafka({ clientId: "drill-reader", brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `drill-reader-${randomUUID()}` });
  const messages: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        messages.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? "",
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        });
      },
    });
    const deadline = Date.now() + 60_000;
    while (messages.length < expected || Date.now() - last < quietMs) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { deadLetterTopic } from "./topics";

export interface ReplayResult {
  read: number;
  replayed: number;
  /** Messages without a gcn-original-topic header (not written by a GCN consumer): left alone. */
  skipped: number;
}

/**
 * Sends every message of `<topic>.dlq` back to the topic its consumer read it from, with the
 * same key, value and headers plus `gcn-replayed-at`. Consumers apply each event id once
 * (inbox), so replaying what was already fixed by hand does no harm. The replay uses its own
 * consumer group and commits as it goes: running it again replays only newer dead letters.
 */
export async function replayDeadLetters(options: {
  brokers: string[];
  topic: string;
  topicPrefix?: string;
  /** Stop after this long without a new dead letter. */
  idleMs?: number;
  dryRun?: boolean;
  onMessage?: (summary: string) => void;
}): Promise<ReplayResult> {
  const prefix = options.topicPrefix ?? "";
  const kafka = new Kafka({
    clientId: `gcn-dlq-replay-${randomUUID().slice(0, 8)}`,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({
    groupId: `${prefix}gcn.dlq-replay.${options.topic}${options.dryRun ? `.dry-run-${randomUUID()}` : ""}`,
  });
  const result: ReplayResult = { read: 0, replayed: 0, skipped: 0 };
  let last = Date.now();
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({
      topic: prefix + deadLetterTopic(options.topic),
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: !options.dryRun,
      eachMessage: async ({ message }) => {
        last = Date.now();
        result.read++;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]),
        );
        const original = headers["gcn-original-topic"];
        if (!original) {
          result.skipped++;
          return;
        }
        options.onMessage?.(
          `${options.dryRun ? "would replay" : "replaying"} ${original} offset ${headers["gcn-original-offset"] ?? "?"}: ${headers["gcn-error"] ?? "no reason recorded"}`,
        );
        if (options.dryRun) return;
        await producer.send({
          topic: prefix + original,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: { ...headers, "gcn-replayed-at": new Date().toISOString() },
            },
          ],
        });
        result.replayed++;
      },
    });
    const idleMs = options.idleMs ?? 3000;
    // The group join takes a moment before the first message; then stop once it has been quiet.
    while (Date.now() - last < idleMs) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return result;
}

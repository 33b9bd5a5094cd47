import { randomUUID } from "node:crypto";
import { logLevel, type Admin, type KafkaMessage } from "kafkajs";
import { Kafka } from "./kafka-client";
import { DEAD_LETTER_HEADERS, originalHeaders } from "./dead-letters";
import { retryRetriable } from "./kafka-transport";
import { deadLetterTopic } from "./topics";

export interface ReplayResult {
  read: number;
  replayed: number;
  /** Messages without a gcn-original-topic header (not written by a GCN consumer): left alone. */
  skipped: number;
  /** Replayed messages that a consumer dead-lettered again while the replay watched. */
  failedAgain: { partition: number; offset: string; consumer: string; reason: string }[];
}

export interface ReplayOptions {
  brokers: string[];
  topic: string;
  topicPrefix?: string;
  dryRun?: boolean;
  /** How long to watch the `.dlq` for replayed messages that fail again (default 5 s). */
  watchMs?: number;
  onMessage?: (summary: string) => void;
}

const headersOf = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]),
  );

/** Where each partition's replay starts (the group's committed offset) and ends (at start). */
async function replayRange(admin: Admin, groupId: string, dlq: string) {
  // A broker still electing the topic's leaders answers NOT_LEADER_FOR_PARTITION for a moment.
  const ends = await retryRetriable(() => admin.fetchTopicOffsets(dlq));
  const [committed] = await retryRetriable(() => admin.fetchOffsets({ groupId, topics: [dlq] }));
  return ends.map((end) => {
    const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? "-1";
    // Nothing committed yet, or committed before what retention has kept: from the oldest kept.
    const start = BigInt(at) < BigInt(end.low) ? BigInt(end.low) : BigInt(at);
    return { partition: end.partition, start, end: BigInt(end.high) };
  });
}

/**
 * Sends the dead letters of `<topic>.dlq` back to the topic they were read from, once each, and
 * stops: what it takes is the `.dlq` up to its end offsets when it starts, so the copies that
 * consumers dead-letter again while it runs are never read back in the same run. A replay sends
 * the original message (key, value, original headers: a CloudEvent stays a CloudEvent), none of
 * the dead-letter bookkeeping. Consumers apply each event id once (inbox), so replaying what was
 * already fixed by hand does no harm. Its own consumer group remembers where it stopped: running
 * it again replays only newer dead letters. Afterwards it watches the `.dlq` for `watchMs` and
 * reports the replayed messages that failed again.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const prefix = options.topicPrefix ?? "";
  const dlq = prefix + deadLetterTopic(options.topic);
  const kafka = new Kafka({
    clientId: `gcn-dlq-replay-${randomUUID().slice(0, 8)}`,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
  });
  const groupId = `${prefix}gcn.dlq-replay.${options.topic}`;
  const admin = kafka.admin();
  await admin.connect();
  const result: ReplayResult = { read: 0, replayed: 0, skipped: 0, failedAgain: [] };
  /** Where each replayed message landed on the main topic: `partition/offset`. */
  const landed = new Set<string>();
  try {
    const all = await replayRange(admin, groupId, dlq);
    const ranges = all.filter((range) => range.start < range.end);
    if (ranges.length === 0) return result;
    // Watching starts before the first replay: a consumer may dead-letter it again at once.
    const watch = options.dryRun
      ? undefined
      : await watchForFailures(kafka, options, dlq, all, landed);
    try {
      await replayRanges(kafka, options, groupId, dlq, ranges, result, landed);
    } finally {
      result.failedAgain = (await watch?.stopAfter(options.watchMs ?? 5000)) ?? [];
    }
  } finally {
    await admin.disconnect();
  }
  return result;
}

async function replayRanges(
  kafka: Kafka,
  options: ReplayOptions,
  groupId: string,
  dlq: string,
  ranges: { partition: number; start: bigint; end: bigint }[],
  result: ReplayResult,
  landed: Set<string>,
): Promise<void> {
  const prefix = options.topicPrefix ?? "";
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // A dry run reads with a group of its own and commits nothing.
  const consumer = kafka.consumer({
    groupId: options.dryRun ? `${groupId}.dry-run-${randomUUID()}` : groupId,
  });
  const pending = new Map(ranges.map((range) => [range.partition, range]));
  /**
   * The next offset to replay, per partition. kafkajs may hand a message over twice in one run
   * (a seek applied after a fetch from the same offset was already under way, or a rebalance
   * before a commit): anything below it was replayed already and is passed over.
   */
  const nextOffset = new Map(ranges.map((range) => [range.partition, range.start]));
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = pending.get(partition);
        const offset = BigInt(message.offset);
        if (!range || offset >= range.end || offset < nextOffset.get(partition)!) return;
        try {
          result.read++;
          const headers = headersOf(message);
          const original = headers[DEAD_LETTER_HEADERS.originalTopic];
          if (!original) {
            result.skipped++;
          } else {
            options.onMessage?.(
              `${options.dryRun ? "would replay" : "replaying"} ${original} partition ${headers[DEAD_LETTER_HEADERS.originalPartition] ?? "?"} offset ${headers[DEAD_LETTER_HEADERS.originalOffset] ?? "?"}: ${headers[DEAD_LETTER_HEADERS.error] ?? "no reason recorded"}`,
            );
            if (!options.dryRun) {
              const [sent] = await producer.send({
                topic: prefix + original,
                acks: -1,
                messages: [
                  { key: message.key, value: message.value, headers: originalHeaders(headers) },
                ],
              });
              landed.add(`${sent!.partition}/${sent!.baseOffset}`);
              result.replayed++;
            }
          }
          nextOffset.set(partition, offset + 1n);
          if (!options.dryRun) {
            const next = (offset + 1n).toString();
            await consumer.commitOffsets([{ topic: dlq, partition, offset: next }]);
          }
          if (offset + 1n >= range.end) {
            pending.delete(partition);
            if (pending.size === 0) finish();
          }
        } catch (error) {
          fail(error);
          throw error;
        }
      },
    });
    // The group's committed offsets are where a real run starts; a dry run's group has none.
    for (const range of ranges) {
      consumer.seek({ topic: dlq, partition: range.partition, offset: range.start.toString() });
    }
    await done;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

/**
 * Reads the `.dlq` from the replay's end offsets for the replayed messages that are
 * dead-lettered again; `stopAfter(ms)` waits that long and returns them.
 */
async function watchForFailures(
  kafka: Kafka,
  options: ReplayOptions,
  dlq: string,
  ranges: { partition: number; end: bigint }[],
  landed: Set<string>,
) {
  const failed: ReplayResult["failedAgain"] = [];
  /**
   * Each replayed message counts once per consumer that dead-lettered it: a redelivery of the
   * `.dlq` message, or a consumer reading the replay twice, is not a new failure.
   */
  const counted = new Set<string>();
  const consumer = kafka.consumer({ groupId: `gcn-dlq-watch-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: dlq, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const headers = headersOf(message);
      const where = `${headers[DEAD_LETTER_HEADERS.originalPartition]}/${headers[DEAD_LETTER_HEADERS.originalOffset]}`;
      if (headers[DEAD_LETTER_HEADERS.originalTopic] !== options.topic || !landed.has(where)) {
        return;
      }
      const consumerName = headers[DEAD_LETTER_HEADERS.consumer] ?? "?";
      if (counted.has(`${where} ${consumerName}`)) return;
      counted.add(`${where} ${consumerName}`);
      failed.push({
        partition: Number(headers[DEAD_LETTER_HEADERS.originalPartition]),
        offset: headers[DEAD_LETTER_HEADERS.originalOffset]!,
        consumer: consumerName,
        reason: headers[DEAD_LETTER_HEADERS.error] ?? "no reason recorded",
      });
    },
  });
  for (const { partition, end } of ranges) {
    consumer.seek({ topic: dlq, partition, offset: end.toString() });
  }
  return {
    stopAfter: async (ms: number) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await consumer.disconnect();
      return failed;
    },
  };
}

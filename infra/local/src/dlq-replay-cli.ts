import { parseArgs } from "node:util";
import { allTopics, EnvReader, replayDeadLetters } from "@gcn/shared";

const USAGE = `usage: npm run dlq:replay -- --topic <topic> [--dry-run] [--watch-seconds N]
  --topic          the topic whose .dlq to replay, e.g. gcn.plan.v1
  --dry-run        list what would be replayed, send nothing
  --watch-seconds  how long to watch for replayed messages that fail again (default 5)
Replays the .dlq up to where it ends when the replay starts, each message once, then stops.
Reads KAFKA_BROKERS (required) and KAFKA_TOPIC_PREFIX.`;

/** `npm run dlq:replay`: sends a topic's dead letters back to it once their cause is fixed. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "watch-seconds": { type: "string", default: "5" },
    },
  });
  const env = new EnvReader();
  const brokers = env.list("KAFKA_BROKERS");
  const topic = values.topic;
  const watchSeconds = Number(values["watch-seconds"]);
  if (
    !brokers ||
    !topic ||
    !allTopics().includes(topic) ||
    topic.endsWith(".dlq") ||
    !(watchSeconds >= 0)
  ) {
    console.error(
      `${USAGE}\n\ntopics: ${allTopics()
        .filter((t) => !t.endsWith(".dlq"))
        .join(", ")}`,
    );
    process.exit(2);
  }
  const result = await replayDeadLetters({
    brokers,
    topic,
    topicPrefix: env.optional("KAFKA_TOPIC_PREFIX"),
    dryRun: values["dry-run"],
    watchMs: watchSeconds * 1000,
    onMessage: (line) => console.log(line),
  });
  for (const failure of result.failedAgain) {
    console.log(
      `failed again: ${topic} partition ${failure.partition} offset ${failure.offset} (${failure.consumer}): ${failure.reason}`,
    );
  }
  console.log(
    `${topic}.dlq: ${result.read} read, ${result.replayed} replayed, ${result.failedAgain.length} failed again, ${result.skipped} skipped (no original topic)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import { parseArgs } from "node:util";
import { allTopics, EnvReader, replayDeadLetters } from "@gcn/shared";

const USAGE = `usage: npm run dlq:replay -- --topic <topic> [--dry-run]
  --topic    the topic whose .dlq to replay, e.g. gcn.plan.v1
  --dry-run  list what would be replayed, send nothing
Reads KAFKA_BROKERS (required) and KAFKA_TOPIC_PREFIX.`;

/** `npm run dlq:replay`: sends a topic's dead letters back to it once their cause is fixed. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { topic: { type: "string" }, "dry-run": { type: "boolean", default: false } },
  });
  const env = new EnvReader();
  const brokers = env.list("KAFKA_BROKERS");
  const topic = values.topic;
  if (!brokers || !topic || !allTopics().includes(topic) || topic.endsWith(".dlq")) {
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
    onMessage: (line) => console.log(line),
  });
  console.log(
    `${topic}.dlq: ${result.read} read, ${result.replayed} replayed, ${result.skipped} skipped (no original topic)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

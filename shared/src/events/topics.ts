/** The platform's topics; infra/kafka/topics.txt lists the same (a unit test keeps them equal). */
export const TOPICS = {
  entities: "gcn.entities.v1",
  plan: "gcn.plan.v1",
  initiatives: "gcn.initiatives.v1",
  reputation: "gcn.reputation.v1",
  reputationSamples: "gcn.reputation.samples.v1",
} as const;

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic with its dead-letter topic, in the order infra/kafka/topics.txt lists them. */
export function allTopics(): string[] {
  return Object.values(TOPICS).flatMap((topic) => [topic, deadLetterTopic(topic)]);
}

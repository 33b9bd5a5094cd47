import type {
  EventTransport,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  Subscription,
} from "./event-transport";

interface Member {
  groupId: string;
  topics: Set<string>;
  handler: MessageHandler;
  offsets: Map<string, number>;
}

/**
 * The embedded default's broker: a publish resolves only when every subscribed group has
 * handled the message (its transaction committed, or it was dead-lettered), so the relay marks an
 * outbox row published only then, which keeps Kafka's at-least-once guarantee without Kafka.
 */
export class InProcessTransport implements EventTransport {
  readonly kind = "in-process" as const;
  private readonly members: Member[] = [];
  /** Messages sent to topics nobody consumes (dead letters, in the embedded default). */
  readonly unconsumed: OutgoingMessage[] = [];
  private readonly maxUnconsumed = 1000;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    for (const message of messages) {
      const targets = this.members.filter((member) => member.topics.has(message.topic));
      if (targets.length === 0) {
        this.keepUnconsumed(message);
        continue;
      }
      // Groups are independent consumers, so they may run side by side; one group's
      // messages stay in order because this loop awaits each message before the next.
      await Promise.all(targets.map((member) => this.deliver(member, message)));
    }
  }

  private async deliver(member: Member, message: OutgoingMessage): Promise<void> {
    const offset = member.offsets.get(message.topic) ?? 0;
    const incoming: IncomingMessage = {
      topic: message.topic,
      partition: 0,
      offset: String(offset),
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
    };
    await member.handler(incoming, { heartbeat: async () => undefined });
    member.offsets.set(message.topic, offset + 1);
  }

  private keepUnconsumed(message: OutgoingMessage): void {
    if (!message.topic.endsWith(".dlq")) return;
    this.unconsumed.push(message);
    if (this.unconsumed.length > this.maxUnconsumed) this.unconsumed.shift();
  }

  async subscribe(
    groupId: string,
    topics: string[],
    handler: MessageHandler,
  ): Promise<Subscription> {
    const member: Member = { groupId, topics: new Set(topics), handler, offsets: new Map() };
    this.members.push(member);
    return {
      stop: async () => {
        const index = this.members.indexOf(member);
        if (index >= 0) this.members.splice(index, 1);
      },
    };
  }

  async isReachable(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.members.length = 0;
  }
}

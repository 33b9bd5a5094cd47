import { randomUUID } from "node:crypto";
import type { InProcessTransport, Subscription } from "@gcn/shared";
import { cursorExpired, type StreamPosition } from "./change-cursor";
import { envelopeOf, FEED_TOPICS, HeldEvents, type EventFeed } from "./event-feed";

/**
 * The embedded default's feed: a consumer of the shared in-process transport. Its offsets count
 * from 0 at each start, so its epoch is new each time, and what it can replay is what it holds.
 */
export class InProcessEventFeed extends HeldEvents implements EventFeed {
  readonly epoch = `in-process-${randomUUID()}`;
  private readonly next = new Map<string, bigint>();
  private subscription?: Subscription;

  constructor(
    private readonly transport: InProcessTransport,
    retain = 10_000,
  ) {
    super(retain);
  }

  async start(): Promise<void> {
    this.subscription = await this.transport.subscribe(
      `gcn-gateway-${randomUUID()}`,
      FEED_TOPICS,
      async (message) => {
        const offset = BigInt(message.offset);
        this.next.set(message.topic, offset + 1n);
        const envelope = envelopeOf(message.value);
        if (!envelope) return;
        this.dispatch({
          topic: message.topic,
          partition: 0,
          offset,
          envelope,
          positionAfter: new Map([[0, offset + 1n]]),
        });
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.forgetListeners();
  }

  position(topic: string): StreamPosition {
    return new Map([[0, this.next.get(topic) ?? 0n]]);
  }

  async *replay(topic: string, from: StreamPosition, until: StreamPosition) {
    const held = this.recent.between(topic, from, until);
    if (!held) throw cursorExpired(topic);
    yield* held;
  }
}

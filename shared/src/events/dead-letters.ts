import type { IncomingMessage, OutgoingMessage } from "./event-transport";
import { deadLetterTopic } from "./topics";

/** The headers a consumer adds to the `.dlq` copy of a message, beside all of the original's. */
export const DEAD_LETTER_HEADERS = {
  error: "gcn-error",
  consumer: "gcn-consumer",
  attempts: "gcn-attempts",
  originalTopic: "gcn-original-topic",
  originalPartition: "gcn-original-partition",
  originalOffset: "gcn-original-offset",
} as const;

const BOOKKEEPING = new Set<string>([...Object.values(DEAD_LETTER_HEADERS), "gcn-replayed-at"]);

/**
 * A message that can never be applied, however often it is tried: not JSON, not an envelope, or
 * data its consumer's rules reject. Consumers dead-letter it at once, without retries.
 */
export class PermanentEventError extends Error {}

/**
 * The `.dlq` copy of a message: its key, value (a missing value stays missing) and every original
 * header (a CloudEvent stays a CloudEvent), plus why and where it was read.
 */
export function deadLetterOf(
  message: IncomingMessage,
  consumer: string,
  reason: string,
  attempts: number,
): OutgoingMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DEAD_LETTER_HEADERS.error]: reason.slice(0, 1000),
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
    },
  };
}

/** The headers the message had before it was dead-lettered: what a replay sends back. */
export function originalHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !BOOKKEEPING.has(name)));
}

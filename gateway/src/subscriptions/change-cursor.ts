import { coded } from "@gcn/shared";

/**
 * Where a subscriber is in one topic: for each partition, the offset of the next event it has not
 * had. Kafka's own offsets, so a cursor made by one gateway replica resumes on any other.
 */
export type StreamPosition = Map<number, bigint>;

interface CursorBody {
  /** The feed's epoch (Kafka, or one run of the embedded default). */
  e: string;
  /** The topic, without the deployment's prefix. */
  t: string;
  /** Partition -> next offset, as decimal strings. */
  o: Record<string, string>;
}

export function encodeCursor(epoch: string, topic: string, position: StreamPosition): string {
  const body: CursorBody = {
    e: epoch,
    t: topic,
    o: Object.fromEntries([...position].map(([partition, offset]) => [partition, String(offset)])),
  };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/**
 * The position a cursor names on `topic`: BAD_USER_INPUT on `after` for what is no cursor of
 * this topic, CURSOR_EXPIRED for one of another epoch (the embedded default restarted).
 */
export function decodeCursor(cursor: string, epoch: string, topic: string): StreamPosition {
  const refuse = (why: string) =>
    coded("BAD_USER_INPUT", `after is not a cursor of this subscription: ${why}`, {
      field: "after",
    });
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorBody;
  } catch {
    throw refuse("it does not decode");
  }
  if (typeof body !== "object" || body === null || typeof body.o !== "object" || !body.o) {
    throw refuse("it does not decode");
  }
  if (body.t !== topic) throw refuse(`it belongs to ${String(body.t)}, not ${topic}`);
  if (body.e !== epoch) throw cursorExpired(topic);
  const position: StreamPosition = new Map();
  for (const [partition, offset] of Object.entries(body.o)) {
    if (!/^\d{1,9}$/.test(partition) || typeof offset !== "string" || !/^\d{1,20}$/.test(offset)) {
      throw refuse("its offsets are not numbers");
    }
    position.set(Number(partition), BigInt(offset));
  }
  return position;
}

/** A cursor older than what the platform still holds: the client must refetch, then subscribe. */
export function cursorExpired(topic: string): Error {
  return coded(
    "CURSOR_EXPIRED",
    `The cursor is older than the changes ${topic} still holds: refetch what the screen shows, then subscribe without after`,
  );
}

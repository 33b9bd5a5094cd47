import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { EventConsumer } from "../src/events/event-consumer";
import type {
  EventTransport,
  IncomingMessage,
  OutgoingMessage,
} from "../src/events/event-transport";
import { InProcessTransport } from "../src/events/in-process-transport";
import { OutboxRelay } from "../src/events/outbox-relay";
import { z } from "zod";
import { defineEventFamily } from "../src/events/catalogue/catalogued-event";
import { recordEvent } from "../src/events/record-event";
import { createLogger } from "../src/logging/logger";
import { dropTestDatabase, waitFor } from "../src/testing/test-helpers";
import { applyToProjection, createEventTestDatabase, thingEvent } from "./event-test-kit";

const logger = createLogger("test", "silent");
const SOURCE = defineEventFamily("testsvc", "test.outbox.v1", {
  Thing: {
    aggregate: "Thing",
    data: z.object({ id: z.string(), i: z.number().optional() }),
    description: "A test aggregate's change.",
  },
});
const THING = SOURCE.events.Thing;
const META = { correlationId: "req-test", actor: "tester" };
const noHeartbeat = { heartbeat: async () => undefined };

function recordIn(db: DataSource, aggregateId: string, count = 1) {
  return db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      await recordEvent(tx, THING, { id: aggregateId, i }, META);
    }
  });
}

function messageFor(value: string, offset = "0"): IncomingMessage {
  return { topic: SOURCE.topic, partition: 0, offset, key: "k", value, headers: {} };
}

describe("outbox and inbox on real PostgreSQL", () => {
  let db: DataSource;
  let url: string;

  before(async () => {
    ({ db, url } = await createEventTestDatabase("outbox_test"));
  });
  after(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  it("writes the event with the domain change, and not at all when the transaction rolls back", async () => {
    const kept = randomUUID();
    const dropped = randomUUID();
    await recordIn(db, kept, 3);
    await assert.rejects(
      db.transaction(async (tx) => {
        await recordEvent(tx, THING, { id: dropped }, META);
        throw new Error("forced failure before commit");
      }),
      /forced failure/,
    );
    const rows = (await db.query(
      `SELECT aggregateid, sequence, type, payload FROM outbox ORDER BY seq`,
    )) as {
      aggregateid: string;
      sequence: string;
      type: string;
      payload: { sequence: string; correlationid: string; actor: string; source: string };
    }[];
    assert.deepEqual(
      rows.map((r) => [r.aggregateid, Number(r.sequence)]),
      [
        [kept, 1],
        [kept, 2],
        [kept, 3],
      ],
    );
    assert.equal(rows[0]!.type, "gcn.testsvc.Thing.v1");
    assert.equal(rows[2]!.payload.sequence, "00000000000000000003", "the Sequence extension");
    assert.equal(rows[0]!.payload.correlationid, "req-test");
    assert.equal(rows[0]!.payload.source, "/gcn/testsvc");
  });

  it("refuses to record an event outside a transaction", async () => {
    await assert.rejects(recordEvent(db.manager, THING, { id: "x" }, META), /inside a transaction/);
  });

  it("gives concurrent writers of one aggregate gap-free sequences", async () => {
    const id = randomUUID();
    await Promise.all(Array.from({ length: 20 }, () => recordIn(db, id)));
    const rows = (await db.query(
      `SELECT sequence FROM outbox WHERE aggregateid = $1 ORDER BY sequence`,
      [id],
    )) as {
      sequence: string;
    }[];
    assert.deepEqual(
      rows.map((r) => Number(r.sequence)),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("relays every row in order to the consumer, which applies each once; then marks them published", async () => {
    await db.query(`UPDATE outbox SET published_at = now()`);
    const transport = new InProcessTransport();
    const consumer = new EventConsumer({
      name: "projection-test",
      dataSource: db,
      transport,
      logger,
      topics: [SOURCE.topic],
      handlers: { "gcn.testsvc.Thing.v1": applyToProjection },
    });
    await consumer.start();
    const relay = new OutboxRelay({
      databaseUrl: url,
      transport,
      logger,
      lockName: "test-relay",
      pollIntervalMs: 200,
    });
    relay.start();
    const aggregates = Array.from({ length: 5 }, () => randomUUID());
    await Promise.all(aggregates.map((id) => recordIn(db, id, 10)));
    await waitFor(
      async () => {
        const [{ n }] = (await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        )) as { n: number }[];
        return n === 0;
      },
      { what: "the outbox to drain" },
    );
    const projection = (await db.query(
      `SELECT aggregate_id, last_sequence, applied FROM projection WHERE aggregate_id = ANY($1)`,
      [aggregates],
    )) as { last_sequence: number; applied: number }[];
    assert.equal(projection.length, 5);
    for (const row of projection) assert.deepEqual([row.last_sequence, row.applied], [10, 10]);
    const log = (await db.query(
      `SELECT aggregate_id, sequence FROM apply_log WHERE aggregate_id = ANY($1) ORDER BY id`,
      [aggregates],
    )) as { aggregate_id: string; sequence: number }[];
    for (const id of aggregates) {
      const sequences = log.filter((r) => r.aggregate_id === id).map((r) => r.sequence);
      assert.deepEqual(sequences, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], `apply order for ${id}`);
    }
    await relay.stop();
    await consumer.stop();
  });

  it("skips a redelivered event (same id) instead of applying it twice", async () => {
    const consumer = new EventConsumer({
      name: "dedupe-test",
      dataSource: db,
      transport: new InProcessTransport(),
      logger,
      topics: [SOURCE.topic],
      handlers: { "gcn.testsvc.Thing.v1": applyToProjection },
    });
    const subject = randomUUID();
    const value = JSON.stringify(thingEvent(subject));
    await consumer.handle(messageFor(value), noHeartbeat);
    await consumer.handle(messageFor(value), noHeartbeat);
    const [row] = (await db.query(`SELECT applied FROM projection WHERE aggregate_id = $1`, [
      subject,
    ])) as { applied: number }[];
    assert.equal(row!.applied, 1);
    assert.equal(consumer.stats.duplicates, 1);
  });

  it("dead-letters a message that keeps failing after 3 tries, with the error in its headers", async () => {
    const transport = new InProcessTransport();
    let calls = 0;
    const consumer = new EventConsumer({
      name: "poison-test",
      dataSource: db,
      transport,
      logger,
      topics: [SOURCE.topic],
      retryDelayMs: 1,
      handlers: {
        "gcn.testsvc.Thing.v1": async () => {
          calls++;
          throw new Error("owner is not a known entity");
        },
      },
    });
    const subject = randomUUID();
    const envelope = thingEvent(subject);
    await consumer.handle(messageFor(JSON.stringify(envelope)), noHeartbeat);
    await consumer.handle(messageFor("not json at all", "1"), noHeartbeat);
    assert.equal(calls, 3);
    assert.equal(consumer.stats.deadLettered, 2);
    const [first, second] = transport.unconsumed;
    assert.equal(first!.topic, `${SOURCE.topic}.dlq`);
    assert.equal(first!.headers!["gcn-error"], "owner is not a known entity");
    assert.equal(first!.headers!["gcn-attempts"], "3");
    assert.match(second!.headers!["gcn-error"]!, /not JSON/);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1`,
      [envelope.id],
    )) as {
      n: number;
    }[];
    assert.equal(n, 0, "a failed handler leaves no inbox row");
  });

  it("retries a transient failure (database unreachable) until it passes, and never dead-letters it", async () => {
    const transport = new InProcessTransport();
    let calls = 0;
    const consumer = new EventConsumer({
      name: "transient-test",
      dataSource: db,
      transport,
      logger,
      topics: [SOURCE.topic],
      retryDelayMs: 1,
      handlers: {
        "gcn.testsvc.Thing.v1": async (tx, event) => {
          calls++;
          if (calls <= 5)
            throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
          await applyToProjection(tx, event);
        },
      },
    });
    const subject = randomUUID();
    const value = JSON.stringify(thingEvent(subject));
    await consumer.handle(messageFor(value), noHeartbeat);
    assert.equal(calls, 6);
    assert.equal(consumer.stats.deadLettered, 0);
    assert.equal(transport.unconsumed.length, 0);
    const [row] = (await db.query(`SELECT applied FROM projection WHERE aggregate_id = $1`, [
      subject,
    ])) as { applied: number }[];
    assert.equal(row!.applied, 1);
  });

  it("keeps rows unpublished while the broker refuses them, then publishes them all", async () => {
    await db.query(`UPDATE outbox SET published_at = now()`);
    let failuresLeft = 3;
    const received: OutgoingMessage[] = [];
    const flaky: EventTransport = {
      kind: "kafka",
      publish: async (messages) => {
        if (failuresLeft-- > 0) throw new Error("broker unavailable");
        received.push(...messages);
      },
      subscribe: async () => ({ stop: async () => undefined }),
      isReachable: async () => failuresLeft <= 0,
      close: async () => undefined,
    };
    const relay = new OutboxRelay({
      databaseUrl: url,
      transport: flaky,
      logger,
      lockName: "flaky-relay",
      pollIntervalMs: 100,
    });
    const id = randomUUID();
    await recordIn(db, id, 4);
    relay.start();
    await waitFor(() => received.length === 4, {
      what: "the relay to publish after the broker returns",
    });
    await relay.stop();
    const rows = (await db.query(
      `SELECT attempts, published_at FROM outbox WHERE aggregateid = $1`,
      [id],
    )) as {
      attempts: number;
      published_at: Date | null;
    }[];
    assert.ok(rows.every((r) => r.published_at !== null));
    assert.ok(
      rows.every((r) => r.attempts >= 2),
      "failed attempts are counted",
    );
    assert.deepEqual(
      received.map((m) => Number((JSON.parse(m.value!) as { sequence: string }).sequence)),
      [1, 2, 3, 4],
    );
  });

  it("lets only one relay per service publish (advisory lock); the standby takes over when it stops", async () => {
    const transport = new InProcessTransport();
    const a = new OutboxRelay({
      databaseUrl: url,
      transport,
      logger,
      lockName: "single",
      pollIntervalMs: 100,
    });
    const b = new OutboxRelay({
      databaseUrl: url,
      transport,
      logger,
      lockName: "single",
      pollIntervalMs: 100,
    });
    a.start();
    await waitFor(() => a.isActive, { what: "the first relay to take the lock" });
    b.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(b.isActive, false);
    await a.stop();
    await waitFor(() => b.isActive, { what: "the standby relay to take over" });
    await b.stop();
  });
});

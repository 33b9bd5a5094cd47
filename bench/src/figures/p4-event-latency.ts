import { randomUUID } from "node:crypto";
import { Client } from "pg";
import {
  createDataSource,
  createLogger,
  KafkaTransport,
  OutboxRelay,
  PLAN_EVENTS,
  type Identity,
} from "@gcn/shared";
import type { BenchStack } from "../bench-stack";
import { freshDatabase, progress } from "../bench-stack";
import { countRows } from "../bench-data";
import { graphql } from "../load-runner";
import { percentile, round, type BenchSize, type FigureResult } from "./figure";

const ADMIN: Identity = { sub: "bench-admin", roles: ["ADMIN"] };

/**
 * P4a: updateEntity at 200/s; for each event, from its commit (outbox.created_at, the clock when
 * the event was recorded, the command's last statement before COMMIT) to the plan's projection
 * transaction (processed_event.processed_at), both read from PostgreSQL's clock.
 */
async function measureLatency(
  stack: BenchStack,
  rate: number,
  seconds: number,
  entityIds: string[],
) {
  const total = rate * seconds;
  const startedAt = new Date();
  let sent = 0;
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const headers = stack.signed(ADMIN);
  const begin = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - begin) / 1000) * rate));
      while (sent < due) {
        const i = sent++;
        inFlight.push(
          graphql(
            stack.subgraphUrls.entities,
            `
              mutation ($id: ID!, $input: UpdateEntityInput!) {
                updateEntity(id: $id, input: $input) {
                  id
                }
              }
            `,
            {
              id: entityIds[i % entityIds.length],
              input: { nameEn: `Government entity, revision ${i}` },
            },
            headers,
          ).then(
            () => undefined,
            () => void failed++,
          ),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(inFlight);
  const sendSeconds = (Date.now() - begin) / 1000;
  const consumer = "%.plan.entities";
  const deadline = Date.now() + 60_000;
  for (;;) {
    const applied = await countRows(
      stack.databases.plan,
      `SELECT count(*) AS n FROM processed_event WHERE consumer LIKE '${consumer}' AND event_type LIKE '%EntityUpdated%' AND processed_at >= '${startedAt.toISOString()}'`,
    );
    if (applied >= total - failed) break;
    if (Date.now() > deadline)
      throw new Error(`only ${applied} of ${total} events reached the plan`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const read = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as { id: string; at: number; published: number }[];
    } finally {
      await client.end();
    }
  };
  const produced = await read(
    stack.databases.entities,
    `SELECT id::text AS id, extract(epoch FROM created_at) * 1000 AS at,
            extract(epoch FROM published_at) * 1000 AS published
     FROM outbox WHERE type LIKE '%EntityUpdated%' AND created_at >= '${startedAt.toISOString()}'`,
  );
  const applied = await read(
    stack.databases.plan,
    `SELECT event_id::text AS id, extract(epoch FROM processed_at) * 1000 AS at FROM processed_event WHERE consumer LIKE '${consumer}' AND processed_at >= '${startedAt.toISOString()}'`,
  );
  const appliedAt = new Map(applied.map((row) => [row.id, Number(row.at)]));
  const latencies = produced
    .map((row) => (appliedAt.get(row.id) ?? Number.NaN) - Number(row.at))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  // Where the time goes: commit -> marked published by the relay (after the broker's ack), and
  // from there to the plan's projection transaction.
  const toPublished = produced
    .map((row) => Number(row.published) - Number(row.at))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  return {
    events: latencies.length,
    failed,
    rate: round(total / sendSeconds, 1),
    p50: round(percentile(latencies, 50), 1),
    p99: round(percentile(latencies, 99), 1),
    max: round(latencies[latencies.length - 1] ?? Number.NaN, 1),
    publishedP50: round(percentile(toPublished, 50), 1),
    publishedP99: round(percentile(toPublished, 99), 1),
  };
}

/**
 * The relay's backlog goes to a topic of its own: on the plan's topic its stand-in events (no
 * plan item in their data) reached every consumer of plan items, which dead-lettered all 20,000
 * one by one for minutes, under every figure measured after P4.
 */
const RELAY_TOPIC = "gcn.bench-relay.v1";

/** P4b: the relay alone, draining a backlog of events to the real broker. */
async function measureRelay(
  stack: BenchStack,
  size: BenchSize,
): Promise<{ events: number; perSecond: number }> {
  const url = await freshDatabase(stack.infra.databaseUrl, "bench_relay");
  const dataSource = createDataSource({ url, entities: [], migrations: [] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const aggregates = 500;
  await dataSource.query(
    `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, topic, sequence)
     SELECT gen_random_uuid(), 'Bench', 'bench-' || (g % $2), $4,
            jsonb_build_object('specversion', '1.0', 'id', gen_random_uuid(), 'type', $4::text,
                               'source', 'bench', 'subject', 'bench-' || (g % $2), 'time', now(),
                               'sequence', g / $2 + 1, 'data', jsonb_build_object('n', g, 'note', repeat('x', 200))),
            $3, g / $2 + 1
     FROM generate_series(0, $1 - 1) AS g`,
    // A relay is blind to types; a plan item's change stands in for any event.
    [size.relayEvents, aggregates, RELAY_TOPIC, PLAN_EVENTS.events.PlanItemUpdated.type],
  );
  await dataSource.destroy();
  const logger = createLogger("bench-relay", "warn");
  const transport = new KafkaTransport({
    brokers: stack.kafkaBrokers.split(","),
    clientId: `bench-relay-${randomUUID().slice(0, 6)}`,
    logger,
    topics: [RELAY_TOPIC],
    topicPrefix: stack.topicPrefix,
  });
  const relay = new OutboxRelay({ databaseUrl: url, transport, logger, lockName: "bench" });
  const started = Date.now();
  relay.start();
  const deadline = Date.now() + 120_000;
  while (
    (await countRows(url, `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)) > 0
  ) {
    if (Date.now() > deadline) throw new Error("the relay did not drain the outbox in 120 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (Date.now() - started) / 1000;
  await relay.stop();
  await transport.close();
  return { events: size.relayEvents, perSecond: Math.round(size.relayEvents / seconds) };
}

export async function measureEventLatency(
  stack: BenchStack,
  size: BenchSize,
  entityIds: string[],
): Promise<FigureResult> {
  progress(`P4: 200 updates/s for ${size.eventSeconds} s, commit to the plan's projection`);
  const latency = await measureLatency(stack, 200, size.eventSeconds, entityIds);
  // For the record: the same path when the machine is not saturated.
  progress("P4: 50 updates/s for 5 s");
  const light = await measureLatency(stack, 50, 5, entityIds);
  progress(`P4: the relay draining ${size.relayEvents} events`);
  const relay = await measureRelay(stack, size);
  return {
    id: "P4",
    what: `event latency, commit -> projection (${latency.rate}/s for ${size.eventSeconds} s, real Kafka); relay in bulk`,
    measured: `p50 ${latency.p50} ms, p99 ${latency.p99} ms over ${latency.events} events (${latency.failed} failed; of which commit -> published p50 ${latency.publishedP50} ms, p99 ${latency.publishedP99} ms); at 50/s p50 ${light.p50} ms, p99 ${light.p99} ms; relay ${relay.perSecond} events/s`,
    bar: "p50 <= 20 ms, p99 <= 100 ms; relay >= 5,000 events/s",
    pass:
      latency.p50 <= 20 && latency.p99 <= 100 && latency.failed === 0 && relay.perSecond >= 5000,
    details: { latency, at50PerSecond: light, relay },
  };
}

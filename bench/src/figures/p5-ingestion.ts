import { logLevel } from "kafkajs";
import { Kafka } from "@gcn/shared";
import { TOPICS } from "@gcn/shared";
import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import { countRows, SAMPLE_PLATFORMS, withRows } from "../bench-data";
import { graphql } from "../load-runner";
import { round, type BenchSize, type FigureResult } from "./figure";

const DAY_MS = 86_400_000;

/** Samples for days after `firstDay`, one per entity x platform x day, in a stable order. */
function samplesFrom(entityIds: string[], firstDay: number, count: number) {
  const perDay = entityIds.length * SAMPLE_PLATFORMS.length;
  return Array.from({ length: count }, (_, i) => {
    const day = Math.floor(i / perDay);
    const within = i % perDay;
    return {
      entityId: entityIds[Math.floor(within / SAMPLE_PLATFORMS.length)]!,
      platform: SAMPLE_PLATFORMS[within % SAMPLE_PLATFORMS.length]!,
      date: new Date(firstDay + day * DAY_MS).toISOString().slice(0, 10),
      followers: 10_000 + i,
      impressions: 40_000 + (i % 9_000),
      engagements: 1_500 + (i % 700),
      mentions: 90,
      positiveMentions: 50,
      negativeMentions: 10,
      neutralMentions: 30,
      inquiries: 20,
      responses: 18,
      medianResponseMinutes: 42,
    };
  });
}

async function viaGraphQL(stack: BenchStack, size: BenchSize, entityIds: string[]) {
  const token = await stack.token(["INGEST"]);
  const firstDay = Date.UTC(2012, 0, 1);
  const batches = Array.from({ length: size.graphqlIngestCalls }, (_, call) =>
    samplesFrom(entityIds, firstDay, (call + 1) * 10_000).slice(call * 10_000),
  );
  // One call first, not counted: the first 10,000-sample call also warms the JIT on both sides.
  await graphql(
    stack.gatewayUrl,
    `
      mutation ($samples: [MetricSampleInput!]!) {
        recordMetrics(samples: $samples) {
          accepted
        }
      }
    `,
    { samples: samplesFrom(entityIds, Date.UTC(2011, 0, 1), 10_000) },
    { authorization: `Bearer ${token}` },
  );
  const started = Date.now();
  let stored = 0;
  // Collectors call independently: two at a time, each sending its calls one after the other.
  const queue = [...batches];
  const collector = async () => {
    for (let samples = queue.shift(); samples; samples = queue.shift()) {
      const data = await graphql<{ recordMetrics: { accepted: number } }>(
        stack.gatewayUrl,
        `
          mutation ($samples: [MetricSampleInput!]!) {
            recordMetrics(samples: $samples) {
              accepted
            }
          }
        `,
        { samples },
        { authorization: `Bearer ${token}` },
      );
      stored += data.recordMetrics.accepted;
    }
  };
  await Promise.all([collector(), collector()]);
  const seconds = (Date.now() - started) / 1000;
  return { samples: stored, seconds: round(seconds), perSecond: Math.round(stored / seconds) };
}

/**
 * The collectors' topic draining a backlog: the reputation service is stopped, the samples are
 * produced, the service starts again (resuming from its committed offsets) and takes them all.
 * The rate is the samples over the span PostgreSQL stamped them in (recorded_at), so neither
 * the producer nor the service's start-up and group join count.
 */
async function viaKafka(stack: BenchStack, size: BenchSize, entityIds: string[]) {
  const firstDay = Date.UTC(2016, 0, 1);
  const samples = samplesFrom(entityIds, firstDay, size.kafkaSamples);
  const lastDay = samples[samples.length - 1]!.date;
  await stack.stopService("reputation");
  const kafka = new Kafka({
    clientId: "bench-collector",
    brokers: stack.kafkaBrokers.split(","),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < samples.length; i += 2000) {
      await producer.send({
        topic: stack.topicPrefix + TOPICS.reputationSamples,
        acks: -1,
        messages: samples.slice(i, i + 2000).map((sample) => ({
          key: sample.entityId,
          value: JSON.stringify(sample),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  const started = Date.now();
  await stack.startService("reputation");
  const range = `day BETWEEN '2016-01-01' AND '${lastDay}'`;
  const deadline = Date.now() + 300_000;
  let stored = 0;
  while (
    (stored = await countRows(
      stack.databases.reputation,
      `SELECT count(*) AS n FROM metric_sample WHERE ${range}`,
    )) < samples.length
  ) {
    if (Date.now() > deadline) {
      throw new Error(`only ${stored} of ${samples.length} samples stored from Kafka`);
    }
    // Counting a growing table is work for PostgreSQL too: look twice a second (the rate is
    // taken from the rows' own timestamps, not from this loop).
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const wallSeconds = (Date.now() - started) / 1000;
  // Between the first batch's start and the last batch's start (recorded_at is now() of each
  // batch's transaction) every batch but the last was applied: those rows over that span.
  const span = await withRows(
    stack.databases.reputation,
    `
    SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) AS seconds,
           count(*) FILTER (WHERE recorded_at = (SELECT max(recorded_at) FROM metric_sample WHERE ${range})) AS last
    FROM metric_sample WHERE ${range}`,
  );
  const seconds = Math.max(Number(span.seconds), 0.001);
  const appliedBeforeLast = stored - Number(span.last);
  return {
    samples: stored,
    seconds: round(seconds),
    perSecond: Math.round(appliedBeforeLast / seconds),
    wallSecondsFromRestart: round(wallSeconds),
  };
}

/** P5: recordMetrics calls of 10,000 samples through the gateway; the collectors' Kafka topic. */
export async function measureIngestion(
  stack: BenchStack,
  size: BenchSize,
  entityIds: string[],
): Promise<FigureResult> {
  progress(
    `P5: ${size.graphqlIngestCalls} recordMetrics calls of 10,000 samples through the gateway`,
  );
  const graphqlRun = await viaGraphQL(stack, size, entityIds);
  progress(`P5: ${size.kafkaSamples} samples on the Kafka samples topic`);
  const kafkaRun = await viaKafka(stack, size, entityIds);
  return {
    id: "P5",
    what: "ingestion: recordMetrics (10,000 per call, 2 collectors, gateway); Kafka samples topic",
    measured: `${graphqlRun.perSecond} samples/s via GraphQL (${graphqlRun.samples} in ${graphqlRun.seconds} s); ${kafkaRun.perSecond} samples/s via Kafka (a backlog of ${kafkaRun.samples} drained in ${kafkaRun.seconds} s; ${kafkaRun.wallSecondsFromRestart} s from restart)`,
    bar: ">= 20,000/s via GraphQL, >= 50,000/s via Kafka",
    pass: graphqlRun.perSecond >= 20_000 && kafkaRun.perSecond >= 50_000,
    details: { graphql: graphqlRun, kafka: kafkaRun },
  };
}

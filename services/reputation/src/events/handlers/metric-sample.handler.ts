import { randomUUID } from "node:crypto";
import {
  dayIn,
  formatSequence,
  METRIC_SAMPLE_RECEIVED,
  type BatchApply,
  type EventEnvelope,
  type EventHandler,
  type IncomingMessage,
  PermanentEventError,
} from "@gcn/shared";
import type { EntityManager } from "typeorm";
import { knownEntities, lastOfEachKey, upsertSamples } from "../../commands/metric-sample.commands";
import { lookupIds, rejectionOf, type SampleValues } from "../../domain/sample-checks";

/** Thrown for a sample the rules reject: never transient, so it ends in the .dlq. */
export class RejectedSampleError extends PermanentEventError {}

/**
 * The collectors' topic carries one JSON MetricSampleInput per message, not an envelope: this
 * wraps it into an event for the consumer runner (bad JSON fails here and is dead-lettered).
 */
export function decodeSample(message: IncomingMessage): EventEnvelope<SampleValues> {
  let value: unknown;
  try {
    value = JSON.parse(message.value ?? "");
  } catch {
    throw new RejectedSampleError("the message is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RejectedSampleError("the message is not a MetricSampleInput object");
  }
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: `kafka:${message.topic}/${message.partition}/${message.offset}`,
    type: METRIC_SAMPLE_RECEIVED.type,
    subject: String((value as { entityId?: unknown }).entityId ?? ""),
    time: new Date().toISOString(),
    datacontenttype: "application/json",
    sequence: formatSequence(1),
    correlationid: message.key ?? "",
    actor: "collector",
    data: value as SampleValues,
  };
}

/** Stores one sample with the same row checks as recordMetrics; a rejected one is dead-lettered. */
export function sampleHandler(timeZone: string): EventHandler {
  return async (tx: EntityManager, event: EventEnvelope) => {
    const sample = event.data as SampleValues;
    const known = await knownEntities(tx, lookupIds([sample]));
    const reason = rejectionOf(sample, (id) => known.has(id), dayIn(new Date(), timeZone));
    if (reason) throw new RejectedSampleError(reason);
    await upsertSamples(tx, [sample]);
  };
}

/**
 * The collectors' batches (Kafka): every sample of a fetched batch checked with the same row
 * checks, the valid ones upserted together (the last of a key wins), the others dead-lettered.
 */
export function sampleBatchApply(timeZone: string): BatchApply {
  return async (tx: EntityManager, events: EventEnvelope[]) => {
    const samples = events.map((event) => event.data as SampleValues);
    const known = await knownEntities(tx, lookupIds(samples));
    const today = dayIn(new Date(), timeZone);
    const reasons = samples.map((sample) => rejectionOf(sample, (id) => known.has(id), today));
    const valid = samples.filter((_, index) => !reasons[index]);
    await upsertSamples(tx, lastOfEachKey(valid).rows);
    return reasons.map((reason) => reason ?? undefined);
  };
}

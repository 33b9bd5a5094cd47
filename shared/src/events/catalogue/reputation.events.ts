import { z } from "zod";
import { TOPICS } from "../topics";
import { defineEventFamily } from "./catalogued-event";

/** One per recordMetrics call (or collector batch) that stored anything: counts, not rows. */
export const metricsBatchState = z.object({
  id: z.string(),
  accepted: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  entities: z.number().int(),
  from: z.string(),
  to: z.string(),
});
export type MetricsRecordedData = z.infer<typeof metricsBatchState>;

export const reportState = z.object({
  id: z.string(),
  period: z.object({ year: z.number().int(), month: z.number().int().nullable() }),
  status: z.string(),
  formulaVersion: z.string(),
  nationalIndex: z.number(),
  scoredEntities: z.number().int(),
  recommendations: z.number().int(),
  publishedAt: z.iso.datetime().nullable(),
});
export type ReportEventData = z.infer<typeof reportState>;

const report = (description: string) => ({
  aggregate: "ReputationReport",
  data: reportState,
  description,
});

/** gcn.reputation.v1: digital-reputation metrics and reports. */
export const REPUTATION_EVENTS = defineEventFamily("reputation", TOPICS.reputation, {
  MetricsRecorded: {
    aggregate: "MetricBatch",
    data: metricsBatchState,
    description: "Metric samples were stored (counts per call or collector batch).",
  },
  ReportGenerated: report("A period's reputation report was generated (a draft)."),
  ReportPublished: report("A report was published; its scores are frozen."),
});

export const REPORT_CHANGES = [
  REPUTATION_EVENTS.events.ReportGenerated,
  REPUTATION_EVENTS.events.ReportPublished,
] as const;

/**
 * The collectors' topic (gcn.reputation.samples.v1) carries one MetricSampleInput JSON object per
 * message, not an envelope; the reputation service wraps each in an event of this type. Its
 * checks are the reputation rules' own (each rejection names its reason), so the catalogue asks
 * only for an object.
 */
export const METRIC_SAMPLE_RECEIVED = {
  type: "gcn.reputation.MetricSampleReceived",
  topic: TOPICS.reputationSamples,
} as const;

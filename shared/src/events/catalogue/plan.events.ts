import { z } from "zod";
import { TOPICS } from "../topics";
import { defineEventFamily } from "./catalogued-event";

export const planState = z.object({
  id: z.string(),
  period: z.object({ year: z.number().int(), month: z.number().int().nullable() }),
  status: z.string(),
  publishedAt: z.iso.datetime().nullable(),
});
export type PlanEventData = z.infer<typeof planState>;

export const planItemState = z.object({
  id: z.string(),
  planId: z.string(),
  ownerId: z.string(),
  kind: z.string(),
  titleAr: z.string(),
  titleEn: z.string().nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  channels: z.array(z.string()),
  priority: z.string(),
  nationalPlanTags: z.array(z.string()),
  status: z.string(),
  outcome: z.string().nullable(),
  source: z.string(),
  initiativeSessionId: z.string().nullable(),
  /** On PlanItemStatusChanged: the status before the change. */
  previousStatus: z.string().optional(),
});
export type PlanItemEventData = z.infer<typeof planItemState>;

const plan = (description: string) => ({
  aggregate: "CommunicationPlan",
  data: planState,
  description,
});
const item = (description: string) => ({ aggregate: "PlanItem", data: planItemState, description });

/** gcn.plan.v1: the monthly and annual communication plans and their items. */
export const PLAN_EVENTS = defineEventFamily("plan", TOPICS.plan, {
  PlanCreated: plan("A month's or a year's plan was opened."),
  PlanPublished: plan("A plan was published to the network."),
  PlanItemScheduled: item("An event, programme or activity was put in a plan."),
  PlanItemUpdated: item("An item's details or dates changed (its month's plan may change too)."),
  PlanItemStatusChanged: item("An item was confirmed, postponed, done or cancelled."),
});

export const PLAN_ITEM_CHANGES = [
  PLAN_EVENTS.events.PlanItemScheduled,
  PLAN_EVENTS.events.PlanItemUpdated,
  PLAN_EVENTS.events.PlanItemStatusChanged,
] as const;

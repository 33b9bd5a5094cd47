import { createEventRecorder, defineEventSource, TOPICS } from "@gcn/shared";
import type { CommunicationPlanRow } from "../entities/communication-plan.entity";
import type { PlanItemRow } from "../entities/plan-item.entity";

/** Where this service's events go: gcn.plan.v1, source /gcn/plan. */
export const PLAN_EVENTS = defineEventSource("plan", TOPICS.plan);

/** Each event's `data` is the aggregate's state after the change. */
export interface PlanEventData {
  id: string;
  period: { year: number; month: number | null };
  status: string;
  publishedAt: string | null;
}

export interface PlanItemEventData {
  id: string;
  planId: string;
  ownerId: string;
  kind: string;
  titleAr: string;
  titleEn: string | null;
  startsAt: string;
  endsAt: string;
  channels: string[];
  priority: string;
  nationalPlanTags: string[];
  status: string;
  outcome: string | null;
  source: string;
  initiativeSessionId: string | null;
  /** On PlanItemStatusChanged: the status before the change. */
  previousStatus?: string;
}

export interface PlanEventMap {
  PlanCreated: PlanEventData;
  PlanPublished: PlanEventData;
  PlanItemScheduled: PlanItemEventData;
  PlanItemUpdated: PlanItemEventData;
  PlanItemStatusChanged: PlanItemEventData;
}

/** Records one of this service's events in the caller's transaction (the outbox). */
export const recordPlanEvent = createEventRecorder<PlanEventMap>(PLAN_EVENTS, {
  PlanCreated: "CommunicationPlan",
  PlanPublished: "CommunicationPlan",
  PlanItemScheduled: "PlanItem",
  PlanItemUpdated: "PlanItem",
  PlanItemStatusChanged: "PlanItem",
});

export function planSnapshot(row: CommunicationPlanRow): PlanEventData {
  return {
    id: row.id,
    period: { year: row.periodYear, month: row.periodMonth },
    status: row.status,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
  };
}

export function planItemSnapshot(row: PlanItemRow): PlanItemEventData {
  return {
    id: row.id,
    planId: row.planId,
    ownerId: row.ownerId,
    kind: row.kind,
    titleAr: row.titleAr,
    titleEn: row.titleEn,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    channels: row.channels,
    priority: row.priority,
    nationalPlanTags: row.nationalPlanTags,
    status: row.status,
    outcome: row.outcome,
    source: row.source,
    initiativeSessionId: row.initiativeSessionId,
  };
}

import { createEventRecorder, PLAN_EVENTS, type EventData } from "@gcn/shared";
import type { CommunicationPlanRow } from "../rows/communication-plan.row";
import type { PlanItemRow } from "../rows/plan-item.row";

type PlanEvents = typeof PLAN_EVENTS.events;
export type PlanEventData = EventData<PlanEvents["PlanCreated"]>;
export type PlanItemEventData = EventData<PlanEvents["PlanItemScheduled"]>;

/** Records one of this service's catalogued events in the caller's transaction (the outbox). */
export const recordPlanEvent = createEventRecorder(PLAN_EVENTS);

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

import { randomUUID } from "node:crypto";
import type {
  EntityEventData as EntityState,
  LiaisonEventData as LiaisonState,
} from "../events/catalogue/entities.events";
import type { PlanItemEventData as PlanItemState } from "../events/catalogue/plan.events";

/**
 * Whole aggregate states for tests that deliver another service's event: what the test cares
 * about is given, the rest is a plausible default, so every delivered event passes the catalogue.
 */
export function anEntity(given: Partial<EntityState> & { id: string; code: string }): EntityState {
  return {
    nameAr: `جهة ${given.code}`,
    nameEn: `Entity ${given.code}`,
    kind: "MINISTRY",
    parentId: null,
    website: null,
    socialAccounts: [],
    active: true,
    ...given,
  };
}

export function aLiaison(
  given: Partial<LiaisonState> & { id: string; entityId: string },
): LiaisonState {
  return {
    fullNameAr: "ضابط اتصال",
    fullNameEn: "Liaison officer",
    jobTitle: null,
    role: "PRIMARY",
    active: true,
    appointedOn: "2026-01-01",
    endedOn: null,
    ...given,
  };
}

export function aPlanItem(
  given: Partial<PlanItemState> & { id: string; ownerId: string; startsAt: string },
): PlanItemState {
  return {
    planId: randomUUID(),
    kind: "EVENT",
    titleAr: "فعالية",
    titleEn: null,
    endsAt: given.startsAt,
    channels: ["PRESS"],
    priority: "NORMAL",
    nationalPlanTags: [],
    status: "PLANNED",
    outcome: null,
    source: "MANUAL",
    initiativeSessionId: null,
    ...given,
  };
}

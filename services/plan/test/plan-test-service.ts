import { randomUUID } from "node:crypto";
import { ENTITIES_EVENTS } from "@gcn/shared";
import { anEntity, type ServiceUnderTest, startServiceForTest } from "@gcn/shared/testing";
import { service } from "../src/plan.service";

export interface TestPlanService extends ServiceUnderTest {
  /** Registers a new active entity in the plan's projection and returns its id. */
  knownEntity(code: string): Promise<string>;
}

/** The plan service alone on a fresh database, fed other services' events in-process. */
export async function startPlanForTest(): Promise<TestPlanService> {
  const sut = await startServiceForTest(service);
  return {
    ...sut,
    knownEntity: async (code) => {
      const id = randomUUID();
      await sut.deliver(
        ENTITIES_EVENTS.events.EntityRegistered,
        anEntity({ id, code, active: true }),
      );
      return id;
    },
  };
}

export const SCHEDULE = `mutation($input: SchedulePlanItemInput!) {
  schedulePlanItem(input: $input) { id status source priority channels startsAt endsAt plan { id status period { year month } } owner { id } }
}`;

export function itemInput(ownerId: string, overrides: Record<string, unknown> = {}) {
  return {
    ownerId,
    kind: "EVENT",
    titleAr: "مؤتمر صحفي للوزارة",
    titleEn: "Ministry press conference",
    startsAt: "2026-11-12T07:00:00Z",
    endsAt: "2026-11-12T09:00:00Z",
    channels: ["PRESS", "TV"],
    priority: "HIGH",
    nationalPlanTags: ["BAHRAINA"],
    ...overrides,
  };
}

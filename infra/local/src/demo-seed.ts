import { seedDemoEntities } from "@gcn/entities";
import { seedDemoInitiatives } from "@gcn/initiatives";
import { seedDemoPlan } from "@gcn/plan";
import { seedDemoMetrics } from "@gcn/reputation";
import type { Logger, ServiceRuntime } from "@gcn/shared";

/** Retries `attempt` until it stops throwing (a projection catching up with events), or gives up. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface PlatformServices {
  entities: ServiceRuntime;
  plan: ServiceRuntime;
  initiatives: ServiceRuntime;
  reputation: ServiceRuntime;
}

/**
 * Loads the demo story through each service's commands, in the order events allow: entities
 * first, then the plan, sessions and metrics once their projections know the entities.
 * Idempotent: a service that already has data loads nothing.
 */
export async function seedDemoPlatform(
  { entities, plan, initiatives, reputation }: PlatformServices,
  timeZone: string,
  logger: Logger,
): Promise<void> {
  const entityCount = await seedDemoEntities(entities.dataSource, timeZone);
  const itemCount = await eventually(() => seedDemoPlan(plan.dataSource, timeZone), 30_000);
  const sessionCount = await eventually(
    () => seedDemoInitiatives(initiatives.dataSource, timeZone),
    30_000,
  );
  const entityCodes = (
    (await entities.dataSource.query(`SELECT code FROM government_entity`)) as { code: string }[]
  ).map((row) => row.code);
  const sampleCount = await eventually(
    () => seedDemoMetrics(reputation.dataSource, timeZone, entityCodes),
    30_000,
  );
  if (entityCount + itemCount + sessionCount + sampleCount > 0) {
    const loaded = {
      entities: entityCount,
      planItems: itemCount,
      sessions: sessionCount,
      samples: sampleCount,
    };
    logger.info(loaded, "demo data loaded");
  }
}

import type { CataloguedEvent, EventFamily } from "./catalogued-event";
import { ENTITIES_EVENTS } from "./entities.events";
import { INITIATIVES_EVENTS } from "./initiatives.events";
import { PLAN_EVENTS } from "./plan.events";
import { REPUTATION_EVENTS } from "./reputation.events";

/** Every service's published events, by producing service. */
export const EVENT_CATALOGUE = {
  entities: ENTITIES_EVENTS,
  plan: PLAN_EVENTS,
  initiatives: INITIATIVES_EVENTS,
  reputation: REPUTATION_EVENTS,
} as const;

const families: EventFamily[] = Object.values(EVENT_CATALOGUE);

/** The topics the services publish their events on, one per producing service. */
export function eventTopics(): string[] {
  return families.map((family) => family.topic);
}

/** Every catalogued event, in catalogue order. */
export function cataloguedEvents(): CataloguedEvent[] {
  return families.flatMap((family) => Object.values(family.events));
}

const byType = new Map(cataloguedEvents().map((entry) => [entry.type, entry]));

/** The entry for a CloudEvents type, or undefined for a type the catalogue does not list. */
export function catalogueEntry(type: string): CataloguedEvent | undefined {
  // Looked up for every event each gateway subscriber is sent: a map, not a scan.
  return byType.get(type);
}

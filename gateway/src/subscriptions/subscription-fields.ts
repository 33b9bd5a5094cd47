import {
  ENTITY_CHANGES,
  LIAISON_CHANGES,
  MEETING_CHANGES,
  monthIn,
  PLAN_ITEM_CHANGES,
  REPORT_CHANGES,
  SESSION_CHANGES,
  TOPICS,
  type CataloguedEvent,
} from "@gcn/shared";

type Args = Record<string, unknown>;
type Data = Record<string, unknown>;
interface PeriodArg {
  year: number;
  month?: number | null;
}

/** One subscription field: which events feed it, which record it carries, and its filters. */
export interface SubscriptionField {
  name: string;
  topic: string;
  /** The catalogue entries whose events are changes of this field. */
  events: readonly CataloguedEvent[];
  /** The change type's field that holds the record (`item`, `session`, ...). */
  recordField: string;
  /** The Query field that reads that record by id, the way any client would. */
  recordQuery: string;
  /** The id of the changed record in an event's data. */
  recordId(data: Data): string;
  /** Whether the event is one the subscriber asked for (its arguments as given). */
  matches(args: Args, data: Data, timeZone: string): boolean;
}

const same = (wanted: unknown, actual: unknown) =>
  wanted == null || String(wanted).toLowerCase() === String(actual ?? "").toLowerCase();

function inPeriod(period: PeriodArg | null | undefined, instant: unknown, timeZone: string) {
  if (!period) return true;
  if (typeof instant !== "string") return false;
  const { year, month } = monthIn(new Date(instant), timeZone);
  return year === period.year && (period.month == null || month === period.month);
}

/** The public schema's subscription fields (declared by the subgraphs), served from the events. */
export const SUBSCRIPTION_FIELDS: readonly SubscriptionField[] = [
  {
    name: "planItemChanged",
    topic: TOPICS.plan,
    events: PLAN_ITEM_CHANGES,
    recordField: "item",
    recordQuery: "planItem",
    recordId: (data) => String(data.id),
    matches: (args, data, timeZone) =>
      same(args.ownerId, data.ownerId) &&
      inPeriod(args.period as PeriodArg | null, data.startsAt, timeZone),
  },
  {
    name: "sessionChanged",
    topic: TOPICS.initiatives,
    events: SESSION_CHANGES,
    recordField: "session",
    recordQuery: "session",
    recordId: (data) => String(data.id),
    matches: (args, data) =>
      same(args.initiativeId, data.initiativeId) && same(args.hostEntityId, data.hostEntityId),
  },
  {
    name: "networkMeetingChanged",
    topic: TOPICS.entities,
    events: MEETING_CHANGES,
    recordField: "meeting",
    recordQuery: "networkMeeting",
    recordId: (data) => String(data.id),
    matches: (args, data) => same(args.id, data.id),
  },
  {
    name: "entityChanged",
    topic: TOPICS.entities,
    events: [...ENTITY_CHANGES, ...LIAISON_CHANGES],
    recordField: "entity",
    recordQuery: "entity",
    // A liaison's change is a change of its entity.
    recordId: (data) => String(data.entityId ?? data.id),
    matches: (args, data) => same(args.id, data.entityId ?? data.id),
  },
  {
    name: "reputationReportChanged",
    topic: TOPICS.reputation,
    events: REPORT_CHANGES,
    recordField: "report",
    recordQuery: "reputationReport",
    recordId: (data) => String(data.id),
    matches: (args, data) => {
      const period = args.period as PeriodArg | null | undefined;
      const of = data.period as PeriodArg | undefined;
      return !period || (of?.year === period.year && (of.month ?? null) === (period.month ?? null));
    },
  },
];

export function subscriptionField(name: string): SubscriptionField | undefined {
  return SUBSCRIPTION_FIELDS.find((field) => field.name === name);
}

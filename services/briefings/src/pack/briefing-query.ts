/**
 * The one query a pack is made from, sent through the gateway with the reader's token like any
 * front end's: what the reader may not see (a liaison's email and phone for an ANALYST) never
 * reaches the document. Within the gateway's limits (aliases, depth, cost).
 *
 * Its top-level fields are listed with the subgraph that answers each: several are non-null
 * lists, so with one subgraph down the whole answer is null, and the pack asks again without
 * that subgraph's fields (see `briefingQuery`).
 */
const PARTS = {
  report: {
    service: "reputation",
    field: `report: reputationReportFor(period: $period) {
      id
      status
      formulaVersion
      generatedAt
      publishedAt
      nationalIndex
      weights { id reach engagement sentiment shareOfVoice responsiveness growth }
      scores {
        entity { id }
        score
        rank
        previousScore
        delta
        sampleCount
        components { reach engagementRate netSentiment shareOfVoice responsiveness followerGrowth }
        contributions { reach engagement sentiment shareOfVoice responsiveness growth }
        platforms { platform share }
      }
      recommendations { entity { id } code severity platform messageAr messageEn evidence }
    }`,
  },
  history: {
    service: "reputation",
    field: `history: reputationReports(year: $year) { ...ReportHistory }`,
  },
  earlierHistory: {
    service: "reputation",
    field: `earlierHistory: reputationReports(year: $previousYear) { ...ReportHistory }`,
  },
  meetings: {
    service: "entities",
    field: `meetings: networkMeetings(year: $year) {
      id
      title
      scheduledAt
      venue
      status
      decisions
      period { year month }
      agenda { position title presenter { fullNameAr fullNameEn } entity { id } }
    }`,
  },
  nextCalendar: {
    service: "plan",
    field: `nextCalendar: calendar(period: $next) {
      date
      items { id titleAr titleEn startsAt endsAt priority status owner { id } }
    }`,
  },
  nextClashes: {
    service: "plan",
    field: `nextClashes: clashes(period: $next) {
      a { ...ClashSide }
      b { ...ClashSide }
      sharedChannels
      overlapStartsAt
    }`,
  },
  entities: {
    service: "entities",
    field: `entities(first: 200, filter: { active: true }) {
      totalCount
      edges {
        node {
          id
          code
          nameAr
          nameEn
          liaisons { id fullNameAr fullNameEn jobTitle email phone }
          planItems(period: $period) { id titleAr titleEn status outcome startsAt priority }
          initiativeSessions(period: $period) {
            id
            officialName
            officialTitle
            status
            heldAt
            publicationUrl
            initiative { id code titleAr titleEn }
          }
        }
      }
    }`,
  },
} as const satisfies Record<keyof BriefingData, { service: string; field: string }>;

const FRAGMENTS = {
  ReportHistory: `fragment ReportHistory on ReputationReport {
    period { year month }
    status
    nationalIndex
    scores { entity { id } score }
  }`,
  ClashSide: `fragment ClashSide on PlanItem {
    id
    titleAr
    titleEn
    startsAt
    owner { id nameAr nameEn }
  }`,
};

export type BriefingPart = keyof typeof PARTS;

/** The parts of the pack the named subgraphs answer. */
export function partsOf(services: ReadonlySet<string>): BriefingPart[] {
  return (Object.keys(PARTS) as BriefingPart[]).filter((part) => services.has(PARTS[part].service));
}

/** The query, without the parts given (those of a subgraph that is down). */
export function briefingQuery(without: readonly BriefingPart[] = []): string {
  const fields = (Object.keys(PARTS) as BriefingPart[])
    .filter((part) => !without.includes(part))
    .map((part) => PARTS[part].field);
  const text = fields.join("\n    ");
  const fragments = Object.entries(FRAGMENTS)
    .filter(([fragment]) => text.includes(`...${fragment}`))
    .map(([, definition]) => definition);
  const used = (variable: string) => text.includes(`$${variable}`);
  const variables = [
    ["period", "PeriodInput!"],
    ["next", "PeriodInput!"],
    ["year", "Int!"],
    ["previousYear", "Int!"],
  ]
    .filter(([variable]) => used(variable!))
    .map(([variable, type]) => `$${variable}: ${type}`);
  return `query BriefingPack(${variables.join(", ")}) {\n    ${text}\n  }\n  ${fragments.join("\n  ")}\n`;
}

export const BRIEFING_QUERY = briefingQuery();

export interface PeriodValue {
  year: number;
  month: number;
}

export interface ScoreData {
  entity: { id: string } | null;
  score: number;
  rank: number;
  previousScore: number | null;
  delta: number | null;
  sampleCount: number;
  components: Record<ComponentName, number>;
  contributions: Record<WeightName, number> | null;
  platforms: { platform: string; share: number }[];
}

export const COMPONENT_NAMES = [
  "reach",
  "engagementRate",
  "netSentiment",
  "shareOfVoice",
  "responsiveness",
  "followerGrowth",
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** The formula's weighted terms, named as its weights. */
export const WEIGHT_NAMES = [
  "reach",
  "engagement",
  "sentiment",
  "shareOfVoice",
  "responsiveness",
  "growth",
] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];

export interface ReportData {
  id: string;
  status: "DRAFT" | "PUBLISHED";
  formulaVersion: string;
  generatedAt: string;
  publishedAt: string | null;
  nationalIndex: number;
  weights: { id: string } & Record<WeightName, number>;
  scores: ScoreData[];
  recommendations: {
    entity: { id: string } | null;
    code: string;
    severity: "HIGH" | "MEDIUM" | "LOW";
    platform: string | null;
    messageAr: string;
    messageEn: string;
    evidence: string;
  }[];
}

export interface HistoryData {
  period: { year: number; month: number | null };
  status: string;
  nationalIndex: number;
  scores: { entity: { id: string } | null; score: number }[];
}

export interface MeetingData {
  id: string;
  title: string;
  scheduledAt: string;
  venue: string | null;
  status: "SCHEDULED" | "HELD" | "CANCELLED";
  decisions: string[];
  period: { year: number; month: number | null };
  agenda: {
    position: number;
    title: string;
    presenter: { fullNameAr: string; fullNameEn: string | null } | null;
    entity: { id: string } | null;
  }[];
}

export interface CalendarItemData {
  id: string;
  titleAr: string;
  titleEn: string | null;
  startsAt: string;
  endsAt: string;
  priority: "CRITICAL" | "HIGH" | "NORMAL" | "LOW";
  status: string;
  owner: { id: string } | null;
}

export interface ClashSideData {
  id: string;
  titleAr: string;
  titleEn: string | null;
  startsAt: string;
  owner: { id: string; nameAr: string; nameEn: string | null } | null;
}

export interface EntityData {
  id: string;
  code: string;
  nameAr: string;
  nameEn: string | null;
  liaisons: {
    id: string;
    fullNameAr: string;
    fullNameEn: string | null;
    jobTitle: string | null;
    email: string | null;
    phone: string | null;
  }[];
  planItems:
    | {
        id: string;
        titleAr: string;
        titleEn: string | null;
        status: string;
        outcome: string | null;
        startsAt: string;
        priority: string;
      }[]
    | null;
  initiativeSessions:
    | {
        id: string;
        officialName: string;
        officialTitle: string | null;
        status: "SCHEDULED" | "HELD" | "PUBLISHED" | "CANCELLED";
        heldAt: string | null;
        publicationUrl: string | null;
        initiative: { id: string; code: string; titleAr: string; titleEn: string | null };
      }[]
    | null;
}

/** The query's answer; every top-level part is null when its subgraph could not answer. */
export interface BriefingData {
  report: ReportData | null;
  history: HistoryData[] | null;
  earlierHistory: HistoryData[] | null;
  meetings: MeetingData[] | null;
  nextCalendar: { date: string; items: CalendarItemData[] }[] | null;
  nextClashes:
    | { a: ClashSideData; b: ClashSideData; sharedChannels: string[]; overlapStartsAt: string }[]
    | null;
  entities: { totalCount: number; edges: { node: EntityData }[] } | null;
}

export interface GraphQLErrorData {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; serviceName?: string };
}

export function nextPeriod(period: PeriodValue): PeriodValue {
  return period.month === 12
    ? { year: period.year + 1, month: 1 }
    : { year: period.year, month: period.month + 1 };
}

/** The variables of `briefingQuery(without)`: only those it declares. */
export function briefingVariables(period: PeriodValue, query = BRIEFING_QUERY) {
  const all: Record<string, unknown> = {
    period,
    next: nextPeriod(period),
    year: period.year,
    previousYear: period.year - 1,
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => query.includes(`$${name}:`)));
}

import { monthIn } from "@gcn/shared";

/** An example operation the explorer opens as a tab, with variables for the current month. */
export interface SavedOperation {
  name: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
}

const MEETING_REVIEW = `# This month's network meeting: agenda and decisions (entities), the month's achievements and
# next month's items (plan), and the media sessions held (initiatives).
query MeetingReview($year: Int!, $month: Int!) {
  networkMeetings(year: $year) {
    id
    title
    scheduledAt
    status
    period { year month label }
    agenda { position title entity { id name } presenter { id fullNameAr } }
    decisions
    achievements { id title outcome endsAt owner { id name } }
    upcomingItems { id title startsAt kind owner { id name } }
    initiativeHighlights { id officialName status heldAt hostEntity { id name } initiative { id title } }
  }
  reputationReportFor(period: { year: $year, month: $month }) {
    id
    status
    nationalIndex
  }
}`;

const REPUTATION_RANKING = `# Every entity's digital-reputation score this month, best first, and what to do about it.
query ReputationRanking($period: PeriodInput!) {
  reputationReportFor(period: $period) {
    id
    period { label }
    status
    formulaVersion
    nationalIndex
    scores { id rank score previousScore delta sampleCount entity { id code name } }
    recommendations { severity code platform messageAr messageEn entity { id name } }
  }
}`;

const MONTH_CALENDAR = `# The month's plan day by day, and the items that clash on a shared channel.
query MonthCalendar($period: PeriodInput!) {
  calendar(period: $period) {
    date
    items {
      id title kind startsAt endsAt channels priority status
      owner { id name reputation(period: $period) { id score rank } }
    }
  }
  clashes(period: $period) {
    a { id title startsAt owner { id name } }
    b { id title startsAt owner { id name } }
    sharedChannels
    overlapStartsAt
    overlapEndsAt
  }
}`;

const ENTITY_PROFILE = `# One entity this month: its liaisons, plan items, media sessions and reputation.
query EntityProfile($code: String!, $period: PeriodInput!) {
  entityByCode(code: $code) {
    id
    code
    name
    kind
    website
    socialAccounts { platform handle }
    liaisons { id fullNameAr role }
    planItems(period: $period) { id title status startsAt }
    initiativeSessions(period: $period) { id officialName status scheduledAt initiative { id title } }
    reputation(period: $period) { id score rank delta }
  }
}`;

const MONTH_LIVE = `# The month's plan as it changes: run it, then schedule or edit an item of this month (in another
# tab, or through your own screen). Each change arrives with its owner's name from the entities
# subgraph; keep the last cursor and pass it as $after to resume from there.
subscription MonthLive($period: PeriodInput!, $after: String) {
  planItemChanged(period: $period, after: $after) {
    id
    type
    time
    actor
    cursor
    item { id title status startsAt owner { id name } }
  }
}`;

const MONTH_BRIEFING = `# This month's briefing pack: DRAFT until the month's report is published, then ISSUED and
# kept as sent. Open it with the Briefing pack buttons above (they send your token), or
# curl -H "authorization: Bearer <token>" http://localhost:4000/briefings/2026-11.pdf?lang=ar
query MonthBriefing($period: PeriodInput!) {
  briefing(period: $period) {
    id
    draft
    issuedAt
    htmlUrl(locale: AR)
    pdfUrl(locale: AR)
    htmlSha256(locale: AR)
    english: htmlUrl(locale: EN)
  }
  reputationReportFor(period: $period) {
    id
    status
    briefing { id draft pdfUrl(locale: EN) }
  }
}`;

/** The operations analysts start from; the gateway limits are checked against every one. */
export function savedOperations(timeZone: string, now = new Date()): SavedOperation[] {
  const { year, month } = monthIn(now, timeZone);
  return [
    {
      name: "MeetingReview",
      description: "This month's network meeting review across all four subgraphs",
      query: MEETING_REVIEW,
      variables: { year, month },
    },
    {
      name: "ReputationRanking",
      description: "This month's reputation ranking and recommendations",
      query: REPUTATION_RANKING,
      variables: { period: { year, month } },
    },
    {
      name: "MonthCalendar",
      description: "This month's plan calendar with its clashes",
      query: MONTH_CALENDAR,
      variables: { period: { year, month } },
    },
    {
      name: "EntityProfile",
      description: "One entity's month: liaisons, plan items, sessions and reputation",
      query: ENTITY_PROFILE,
      variables: { code: "MIA", period: { year, month } },
    },
    {
      name: "MonthBriefing",
      description: "This month's briefing pack: its status and its HTML and PDF addresses",
      query: MONTH_BRIEFING,
      variables: { period: { year, month } },
    },
    {
      name: "MonthLive",
      description: "Live: this month's plan items as they change (a subscription)",
      query: MONTH_LIVE,
      variables: { period: { year, month } },
    },
  ];
}

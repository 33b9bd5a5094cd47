import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  briefingQuery,
  briefingVariables,
  partsOf,
  type BriefingData,
} from "../src/pack/briefing-query";
import {
  CHARTS_PER_ENTITY,
  CHARTS_PER_PACK,
  missingServices,
  renderPackHtml,
} from "../src/pack/pack-html";
import { PackLocale } from "../src/pack/pack-locale";

const PERIOD = { year: 2026, month: 11 };
const ENTITY = "11111111-1111-4111-8111-111111111111";

/** A month with one entity, one done item, one held session, a clash and a draft report. */
function aMonth(overrides: Partial<BriefingData> = {}): BriefingData {
  const terms = {
    reach: 10,
    engagement: 8,
    sentiment: 12,
    shareOfVoice: 5,
    responsiveness: 9,
    growth: 1,
  };
  return {
    report: {
      id: "r1",
      status: "DRAFT",
      formulaVersion: "dri-1",
      generatedAt: "2026-11-30T10:00:00Z",
      publishedAt: null,
      nationalIndex: 45,
      weights: {
        id: "report:r1",
        reach: 0.2,
        engagement: 0.2,
        sentiment: 0.2,
        shareOfVoice: 0.15,
        responsiveness: 0.15,
        growth: 0.1,
      },
      scores: [
        {
          entity: { id: ENTITY },
          score: 45,
          rank: 1,
          previousScore: 40,
          delta: 5,
          sampleCount: 30,
          components: {
            reach: 1000,
            engagementRate: 0.04,
            netSentiment: 0.2,
            shareOfVoice: 0.5,
            responsiveness: 0.6,
            followerGrowth: 0.01,
          },
          contributions: terms,
          platforms: [
            { platform: "X", share: 0.75 },
            { platform: "INSTAGRAM", share: 0.25 },
          ],
        },
      ],
      recommendations: [
        {
          entity: { id: ENTITY },
          code: "SLOW_RESPONSE",
          severity: "HIGH",
          platform: "X",
          messageAr: "سرّعوا الرد",
          messageEn: "Answer sooner",
          evidence: "median 420 min",
        },
      ],
    },
    history: [
      {
        period: { year: 2026, month: 10 },
        status: "PUBLISHED",
        nationalIndex: 40,
        scores: [{ entity: { id: ENTITY }, score: 40 }],
      },
    ],
    earlierHistory: [],
    meetings: [],
    nextCalendar: [
      {
        date: "2026-12-03",
        items: [
          {
            id: "i1",
            titleAr: "حدث <b>مهم</b>",
            titleEn: null,
            startsAt: "2026-12-03T07:00:00Z",
            endsAt: "2026-12-03T09:00:00Z",
            priority: "CRITICAL",
            status: "PLANNED",
            owner: { id: ENTITY },
          },
        ],
      },
    ],
    nextClashes: [
      {
        a: {
          id: "i1",
          titleAr: "الحدث أ",
          titleEn: "Event A",
          startsAt: "2026-12-03T07:00:00Z",
          owner: { id: ENTITY, nameAr: "وزارة أ", nameEn: "Ministry A" },
        },
        b: {
          id: "i2",
          titleAr: "الحدث ب",
          titleEn: "Event B",
          startsAt: "2026-12-03T08:00:00Z",
          owner: { id: ENTITY, nameAr: "وزارة أ", nameEn: "Ministry A" },
        },
        sharedChannels: ["TV"],
        overlapStartsAt: "2026-12-03T08:00:00Z",
      },
    ],
    entities: {
      totalCount: 1,
      edges: [
        {
          node: {
            id: ENTITY,
            code: "MOA",
            nameAr: "وزارة أ",
            nameEn: "Ministry A",
            liaisons: [
              {
                id: "l1",
                fullNameAr: "سارة",
                fullNameEn: "Sara",
                jobTitle: null,
                email: null,
                phone: null,
              },
            ],
            planItems: [
              {
                id: "p1",
                titleAr: "إطلاق",
                titleEn: "Launch",
                status: "DONE",
                outcome: "<script>alert(1)</script>",
                startsAt: "2026-11-04T07:00:00Z",
                priority: "HIGH",
              },
            ],
            initiativeSessions: [
              {
                id: "s1",
                officialName: "د. علي",
                officialTitle: null,
                status: "PUBLISHED",
                heldAt: "2026-11-05T07:00:00Z",
                publicationUrl: "javascript:alert(1)",
                initiative: {
                  id: "n1",
                  code: "GMU",
                  titleAr: "عطني أبديت",
                  titleEn: "Give me an update",
                },
              },
            ],
          },
        },
      ],
    },
    ...overrides,
  };
}

const render = (
  data: BriefingData,
  language: "ar" | "en" = "ar",
  errors = [] as { message: string; extensions?: { serviceName?: string } }[],
) =>
  renderPackHtml({
    period: PERIOD,
    data,
    errors,
    locale: new PackLocale(language, "Asia/Bahrain"),
    draft: data.report?.status !== "PUBLISHED",
    issuedAt: new Date("2026-12-01T09:00:00Z"),
  });

describe("the briefing pack's HTML", () => {
  it("writes every text as text: markup in titles and outcomes is escaped, unsafe links are dropped", () => {
    const html = render(aMonth());
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /حدث &lt;b&gt;مهم&lt;\/b&gt;/);
    assert.doesNotMatch(html, /href="javascript:/);
  });

  it("marks a draft on every page and an issued pack nowhere", () => {
    const draft = render(aMonth());
    assert.match(draft, /<div class="draft-mark"[^>]*>مسودة DRAFT<\/div>/);
    assert.match(draft, /<body class="draft">/);
    const report = { ...aMonth().report!, status: "PUBLISHED" as const };
    assert.doesNotMatch(render(aMonth({ report }), "en"), /DRAFT/);
  });

  it("draws the month's charts and two per scored entity, in the edition's direction and digits", () => {
    const html = render(aMonth());
    const charts = [...html.matchAll(/data-chart="([\w-]+)"><svg /g)].map((m) => m[1]);
    assert.deepEqual(charts.sort(), [...CHARTS_PER_PACK, ...CHARTS_PER_ENTITY].sort());
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /٤٥٫٠٠/, "the score in Arabic-Indic digits");
    assert.match(render(aMonth(), "en"), /45\.00/);
  });

  it("names the missing subgraph and still renders what the others answered", () => {
    const errors = [
      {
        message: "The reputation service is unavailable",
        extensions: { serviceName: "reputation", code: "SERVICE_UNAVAILABLE" },
      },
    ];
    const data = aMonth({ report: null, history: null, earlierHistory: null });
    const html = render(data, "en", errors);
    assert.deepEqual([...missingServices(errors)], ["reputation"]);
    assert.match(html, /Unavailable: the reputation service could not be reached/);
    assert.match(html, /Event A/, "the clash from the plan is there");
    assert.match(html, /class="page entity"/);
    assert.doesNotMatch(html, /data-chart/);
  });
});

describe("the briefing query", () => {
  it("asks again without a missing subgraph's parts, declaring only the variables it uses", () => {
    const without = partsOf(new Set(["reputation", "entities"]));
    assert.deepEqual(without.sort(), [
      "earlierHistory",
      "entities",
      "history",
      "meetings",
      "report",
    ]);
    const query = briefingQuery(without);
    assert.doesNotMatch(
      query,
      /reputationReport|networkMeetings|\$year|\$previousYear|ReportHistory/,
    );
    assert.match(query, /calendar\(period: \$next\)/);
    assert.deepEqual(Object.keys(briefingVariables(PERIOD, query)).sort(), ["next"]);
    assert.deepEqual(briefingVariables({ year: 2026, month: 12 }).next, { year: 2027, month: 1 });
  });
});

describe("the edition's formats", () => {
  it("gives the Hijri months a Gregorian month spans, through Intl (Umm al-Qura)", () => {
    assert.equal(
      new PackLocale("en", "UTC").hijriSpan(2026, 11),
      "Jumada I 1448 AH – Jumada II 1448 AH",
    );
    assert.match(new PackLocale("ar", "UTC").hijriSpan(2026, 11), /جمادى.*١٤٤٨/);
    assert.equal(new PackLocale("en", "UTC").month(2026, 11), "November 2026");
  });
});

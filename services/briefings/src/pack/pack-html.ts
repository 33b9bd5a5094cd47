import {
  COMPONENT_NAMES,
  nextPeriod,
  type BriefingData,
  type EntityData,
  type GraphQLErrorData,
  type HistoryData,
  type PeriodValue,
  type WeightName,
} from "./briefing-query";
import {
  componentsOverviewChart,
  entityProfileChart,
  nationalIndexChart,
  platformShareChart,
  type MonthPoint,
} from "./pack-charts";
import type { PackLocale } from "./pack-locale";

/** Bumped whenever the document's layout changes: kept with every issued pack. */
export const RENDERER_VERSION = "briefing-pack/1";

export interface PackInput {
  period: PeriodValue;
  data: BriefingData;
  errors: GraphQLErrorData[];
  locale: PackLocale;
  /** A month whose report is not published: every page says DRAFT. */
  draft: boolean;
  issuedAt: Date;
}

/**
 * The charts a pack draws (the tests count them): three for the month, and one per scored
 * entity's page, its trend beside its components.
 */
export const CHARTS_PER_PACK = ["national-index", "components", "platforms"] as const;
export const CHARTS_PER_ENTITY = ["entity-profile"] as const;

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
function esc(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** The services whose part of the answer is missing (named by the gateway's errors). */
export function missingServices(errors: GraphQLErrorData[]): Set<string> {
  const names = new Set<string>();
  for (const error of errors) {
    const name = error.extensions?.serviceName;
    if (name) names.add(name);
    else if (error.extensions?.code === "SERVICE_UNAVAILABLE") names.add("unknown");
  }
  return names;
}

/** The whole pack as one HTML document: print CSS, inline SVG charts, no script. */
export function renderPackHtml(input: PackInput): string {
  const { locale, period } = input;
  const w = locale.words;
  const missing = missingServices(input.errors);
  const entities = (input.data.entities?.edges ?? []).map((e) => e.node);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const nameOf = (id: string | undefined | null) => {
    const entity = id ? byId.get(id) : undefined;
    return entity ? locale.pick(entity.nameAr, entity.nameEn) : "—";
  };
  const notice = (service: string) =>
    missing.has(service)
      ? `<p class="unavailable" role="alert">${esc(w.unavailable(service))}</p>`
      : "";
  const sections = [
    cover(input, missing),
    achievements(input, entities, notice),
    nextMonthPlan(input, nameOf, notice),
    reputation(input, nameOf, notice),
    ...entityPages(input, entities, notice),
    meetingPage(input, nameOf, notice),
  ];
  const title = `${w.packTitle} — ${locale.month(period.year, period.month)}`;
  return `<!doctype html>
<html lang="${locale.language}" dir="${locale.dir}">
<head>
<meta charset="utf-8">
<meta name="generator" content="${RENDERER_VERSION}">
<title>${esc(title)}${input.draft ? ` (${esc(w.draft)})` : ""}</title>
<style>${STYLE}</style>
</head>
<body class="${input.draft ? "draft" : "issued"}">
${input.draft ? `<div class="draft-mark" aria-hidden="true">${esc(w.draft)}</div>` : ""}
${sections.join("\n")}
</body>
</html>
`;
}

function page(kind: string, heading: string, body: string): string {
  return `<section class="page ${kind}">
<h2>${esc(heading)}</h2>
${body}
</section>`;
}

function cover(input: PackInput, missing: Set<string>): string {
  const { locale, period, data } = input;
  const w = locale.words;
  const meeting = meetingOf(input);
  const meetingBlock = meeting
    ? `<dl class="meeting">
<dt>${esc(w.meeting)}</dt><dd class="meeting-title">${esc(meeting.title)}</dd>
<dt>${esc(w.when)}</dt><dd>${esc(locale.dateTime(meeting.scheduledAt))} (${esc(w.meetingStatus[meeting.status])})</dd>
${meeting.venue ? `<dt>${esc(w.venue)}</dt><dd>${esc(meeting.venue)}</dd>` : ""}
</dl>`
    : data.meetings === null
      ? ""
      : `<p>${esc(w.noMeeting)}</p>`;
  const status = input.draft
    ? `<p class="draft-note">${esc(w.draftNote)}</p>`
    : `<p class="issued-note">${esc(w.issued)} ${esc(locale.dateTime(input.issuedAt.toISOString()))}</p>`;
  const gaps = [...missing]
    .map((service) => `<p class="unavailable" role="alert">${esc(w.unavailable(service))}</p>`)
    .join("");
  return `<section class="page cover">
<p class="network">${esc(w.network)}</p>
<h1>${esc(w.packTitle)}</h1>
<p class="period"><span class="gregorian">${esc(locale.month(period.year, period.month))}</span>
<span class="hijri">${esc(locale.hijriSpan(period.year, period.month))}</span></p>
${meetingBlock}
${status}
${gaps}
<ol class="contents">
<li>${esc(w.achievements)}</li><li>${esc(w.nextMonth)}</li><li>${esc(w.reputation)}</li>
<li>${esc(w.entityPage)}</li><li>${esc(w.agendaAndDecisions)}</li>
</ol>
</section>`;
}

function meetingOf(input: PackInput) {
  const { period } = input;
  return (input.data.meetings ?? []).find(
    (m) => m.period.year === period.year && m.period.month === period.month,
  );
}

function achievements(
  input: PackInput,
  entities: EntityData[],
  notice: (service: string) => string,
): string {
  const { locale } = input;
  const w = locale.words;
  const done = entities
    .map((entity) => ({
      entity,
      items: (entity.planItems ?? []).filter((item) => item.status === "DONE"),
    }))
    .filter((row) => row.items.length > 0);
  const doneHtml = done.length
    ? done
        .map(
          ({ entity, items }) => `<article class="entity-achievements">
<h3>${esc(locale.pick(entity.nameAr, entity.nameEn))}</h3>
<ul>${items
            .map(
              (item) =>
                `<li><strong>${esc(locale.pick(item.titleAr, item.titleEn))}</strong> <span class="muted">${esc(locale.date(item.startsAt))}</span>${item.outcome ? `<p class="outcome">${esc(item.outcome)}</p>` : ""}</li>`,
            )
            .join("")}</ul>
</article>`,
        )
        .join("\n")
    : `<p>${esc(w.achievementsNone)}</p>`;
  const sessions = new Map<string, { title: string; rows: string[] }>();
  for (const entity of entities) {
    for (const session of entity.initiativeSessions ?? []) {
      if (session.status !== "HELD" && session.status !== "PUBLISHED") continue;
      const key = session.initiative.id;
      const group = sessions.get(key) ?? {
        title: locale.pick(session.initiative.titleAr, session.initiative.titleEn),
        rows: [],
      };
      const link =
        session.publicationUrl && /^https?:\/\//.test(session.publicationUrl)
          ? `<a href="${esc(session.publicationUrl)}">${esc(session.publicationUrl)}</a>`
          : "";
      group.rows.push(
        `<tr><td>${esc(session.officialName)}${session.officialTitle ? `<br><span class="muted">${esc(session.officialTitle)}</span>` : ""}</td><td>${esc(locale.pick(entity.nameAr, entity.nameEn))}</td><td>${session.heldAt ? esc(locale.date(session.heldAt)) : ""}</td><td>${esc(w.status[session.status])}</td><td class="link">${link}</td></tr>`,
      );
      sessions.set(key, group);
    }
  }
  const sessionsHtml = sessions.size
    ? [...sessions.values()]
        .map(
          (group) => `<h4>${esc(group.title)}</h4>
<table class="sessions"><thead><tr><th></th><th>${esc(w.entity)}</th><th>${esc(w.when)}</th><th></th><th>${esc(w.publication)}</th></tr></thead>
<tbody>${group.rows.join("")}</tbody></table>`,
        )
        .join("\n")
    : `<p>${esc(w.sessionsNone)}</p>`;
  return page(
    "achievements",
    w.achievements,
    `${notice("entities")}${notice("plan")}${doneHtml}
<h3>${esc(w.sessions)}</h3>
${notice("initiatives")}${sessionsHtml}`,
  );
}

function nextMonthPlan(
  input: PackInput,
  nameOf: (id: string | undefined | null) => string,
  notice: (service: string) => string,
): string {
  const { locale } = input;
  const w = locale.words;
  const next = nextPeriod(input.period);
  const byDay = new Map((input.data.nextCalendar ?? []).map((day) => [day.date, day.items]));
  const daysInMonth = new Date(Date.UTC(next.year, next.month, 0)).getUTCDate();
  const firstWeekday = new Date(Date.UTC(next.year, next.month - 1, 1)).getUTCDay();
  const cells: string[] = Array.from({ length: firstWeekday }, () => `<td class="empty"></td>`);
  for (let day = 1; day <= daysInMonth; day++) {
    const date = `${next.year}-${String(next.month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const items = byDay.get(date) ?? [];
    const shown = items.slice(0, 4);
    cells.push(
      `<td><span class="day">${esc(locale.dayNumber(day))}</span>${shown
        .map((item) => {
          const mark =
            item.priority === "CRITICAL" ? "critical" : item.priority === "HIGH" ? "high" : "";
          return `<div class="item ${mark}">${mark ? `<span class="mark">${mark === "critical" ? "‼" : "▲"}</span>` : ""}${esc(locale.pick(item.titleAr, item.titleEn))}<span class="owner">${esc(nameOf(item.owner?.id))}</span></div>`;
        })
        .join(
          "",
        )}${items.length > shown.length ? `<div class="more">+${esc(locale.count(items.length - shown.length))}</div>` : ""}</td>`,
    );
  }
  while (cells.length % 7) cells.push(`<td class="empty"></td>`);
  const weeks: string[] = [];
  for (let i = 0; i < cells.length; i += 7)
    weeks.push(`<tr>${cells.slice(i, i + 7).join("")}</tr>`);
  const grid =
    input.data.nextCalendar === null
      ? ""
      : `<table class="calendar"><thead><tr>${locale
          .weekdayNames()
          .map((d) => `<th>${esc(d)}</th>`)
          .join("")}</tr></thead><tbody>${weeks.join("")}</tbody></table>
<p class="legend"><span class="item critical"><span class="mark">‼</span>${esc(w.legendCritical)}</span> <span class="item high"><span class="mark">▲</span>${esc(w.legendHigh)}</span></p>`;
  const clashes = input.data.nextClashes;
  const clashHtml =
    clashes === null
      ? ""
      : clashes.length === 0
        ? `<p>${esc(w.clashesNone)}</p>`
        : `<ul class="clashes">${clashes
            .map(
              (clash) =>
                `<li><strong>${esc(locale.pick(clash.a.titleAr, clash.a.titleEn))}</strong> (${esc(clash.a.owner ? locale.pick(clash.a.owner.nameAr, clash.a.owner.nameEn) : "—")}) ⟷ <strong>${esc(locale.pick(clash.b.titleAr, clash.b.titleEn))}</strong> (${esc(clash.b.owner ? locale.pick(clash.b.owner.nameAr, clash.b.owner.nameEn) : "—")})<br><span class="muted">${esc(locale.dateTime(clash.overlapStartsAt))} · ${esc(w.sharedChannels)}: ${esc(clash.sharedChannels.join(", "))}</span></li>`,
            )
            .join("")}</ul>`;
  return page(
    "next-month",
    `${w.nextMonth}: ${locale.month(next.year, next.month)}`,
    `${notice("plan")}${grid}
<h3>${esc(w.clashes)}</h3>
${clashHtml}`,
  );
}

function figure(kind: string, caption: string, svg: string): string {
  return `<figure class="chart" data-chart="${kind}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** The last twelve months' reports up to the period (published ones, and the period's own). */
function lastTwelve(input: PackInput): HistoryData[] {
  const { period } = input;
  const key = (p: { year: number; month: number | null }) => p.year * 12 + (p.month ?? 0);
  const end = key(period);
  return [...(input.data.earlierHistory ?? []), ...(input.data.history ?? [])]
    .filter((h) => h.period.month !== null && key(h.period) <= end && key(h.period) > end - 12)
    .sort((a, b) => key(a.period) - key(b.period));
}

function reputation(
  input: PackInput,
  nameOf: (id: string | undefined | null) => string,
  notice: (service: string) => string,
): string {
  const { locale } = input;
  const w = locale.words;
  const report = input.data.report;
  if (!report) {
    return page("reputation", w.reputation, notice("reputation") || `<p>${esc(w.noReport)}</p>`);
  }
  const points: MonthPoint[] = lastTwelve(input).map((h) => ({
    year: h.period.year,
    month: h.period.month!,
    value: h.nationalIndex,
  }));
  const ranking = report.scores
    .map(
      (s) =>
        `<tr><td class="num">${esc(locale.count(s.rank))}</td><td>${esc(nameOf(s.entity?.id))}</td><td class="num score">${esc(locale.score(s.score))}</td><td class="num ${s.delta === null ? "" : s.delta >= 0 ? "up" : "down"}">${esc(locale.change(s.delta))}</td></tr>`,
    )
    .join("");
  const weights = (Object.keys(w.weightNames) as WeightName[])
    .map(
      (name) => `<li>${esc(w.weightNames[name])}: ${esc(locale.share(report.weights[name]))}</li>`,
    )
    .join("");
  const contributionRows = report.scores
    .filter((s) => s.contributions)
    .map((s) => ({ name: nameOf(s.entity?.id), contributions: s.contributions! }));
  const platformRows = report.scores.map((s) => ({
    name: nameOf(s.entity?.id),
    platforms: s.platforms,
  }));
  return page(
    "reputation",
    w.reputation,
    `<p class="headline">${esc(w.nationalIndex)}: <strong>${esc(locale.score(report.nationalIndex))}</strong> (${esc(w.reportStatus[report.status])})</p>
${figure("national-index", w.nationalIndex, nationalIndexChart(points, locale))}
<p class="formula">${esc(w.formula)}: <bdi>${esc(report.formulaVersion)}</bdi> · ${esc(w.weights)}:</p><ul class="weights">${weights}</ul>
<h3>${esc(w.ranking)}</h3>
<table class="ranking"><thead><tr><th>${esc(w.rank)}</th><th>${esc(w.entity)}</th><th>${esc(w.score)}</th><th>${esc(w.change)}</th></tr></thead><tbody>${ranking}</tbody></table>
<h3>${esc(w.components)}</h3>
${figure("components", w.components, componentsOverviewChart(contributionRows, locale))}
<h3>${esc(w.platforms)}</h3>
${figure("platforms", w.platforms, platformShareChart(platformRows, locale))}`,
  );
}

function entityPages(
  input: PackInput,
  entities: EntityData[],
  notice: (service: string) => string,
): string[] {
  const { locale } = input;
  const w = locale.words;
  const report = input.data.report;
  const history = lastTwelve(input);
  const total = input.data.entities?.totalCount ?? entities.length;
  return entities.map((entity, index) => {
    const score = report?.scores.find((s) => s.entity?.id === entity.id);
    const trend: MonthPoint[] = history.flatMap((h) => {
      const s = h.scores.find((x) => x.entity?.id === entity.id);
      return s ? [{ year: h.period.year, month: h.period.month!, value: s.score }] : [];
    });
    const scoreHtml =
      report && score
        ? `<p class="headline">${esc(w.score)}: <strong class="score">${esc(locale.score(score.score))}</strong> · ${esc(w.rank)}: <strong>${esc(locale.count(score.rank))}</strong> / ${esc(locale.count(report.scores.length))} · ${esc(w.change)}: ${esc(locale.change(score.delta))}</p>
${figure("entity-profile", `${w.trend} · ${w.components}`, entityProfileChart(trend, score.contributions ?? zeroTerms(), report.weights, locale))}
<table class="components"><tbody>${COMPONENT_NAMES.map((c) => `<tr><th>${esc(w.componentNames[c])}</th><td class="num">${esc(locale.score(score.components[c]))}</td></tr>`).join("")}</tbody></table>`
        : report
          ? `<p>${esc(w.notScored)}</p>`
          : notice("reputation");
    const items = entity.planItems;
    const itemsHtml =
      items === null
        ? notice("plan")
        : items.length
          ? `<ul>${items.map((item) => `<li>${esc(locale.pick(item.titleAr, item.titleEn))} — ${esc(w.status[item.status] ?? item.status)} <span class="muted">${esc(locale.date(item.startsAt))}</span>${item.outcome ? `<p class="outcome">${esc(item.outcome)}</p>` : ""}</li>`).join("")}</ul>`
          : "<p>—</p>";
    const sessions = entity.initiativeSessions;
    const sessionsHtml =
      sessions === null
        ? notice("initiatives")
        : sessions.length
          ? `<ul>${sessions.map((s) => `<li>${esc(locale.pick(s.initiative.titleAr, s.initiative.titleEn))}: ${esc(s.officialName)} — ${esc(w.status[s.status] ?? s.status)}</li>`).join("")}</ul>`
          : "<p>—</p>";
    const recommendations = (report?.recommendations ?? []).filter(
      (r) => r.entity?.id === entity.id,
    );
    const recommendationsHtml = report
      ? recommendations.length
        ? `<ul class="recommendations">${recommendations.map((r) => `<li class="severity-${r.severity.toLowerCase()}"><strong>${esc(w.severity[r.severity])}</strong> ${esc(locale.pick(r.messageAr, r.messageEn))}<br><span class="muted">${esc(w.evidence)}: ${esc(r.evidence)}</span></li>`).join("")}</ul>`
        : `<p>${esc(w.recommendationsNone)}</p>`
      : "";
    const liaisons = entity.liaisons
      .map(
        (l) =>
          `<li>${esc(locale.pick(l.fullNameAr, l.fullNameEn))}${l.jobTitle ? ` — ${esc(l.jobTitle)}` : ""}${l.email ? ` · <bdi>${esc(l.email)}</bdi>` : ""}${l.phone ? ` · <bdi>${esc(l.phone)}</bdi>` : ""}</li>`,
      )
      .join("");
    const more =
      index === entities.length - 1 && total > entities.length
        ? `<p class="muted">${esc(w.moreEntities(entities.length, total))}</p>`
        : "";
    return page(
      "entity",
      `${locale.pick(entity.nameAr, entity.nameEn)} (${entity.code})`,
      `${scoreHtml}
<h3>${esc(w.planItems)}</h3>${itemsHtml}
<h3>${esc(w.sessions)}</h3>${sessionsHtml}
<h3>${esc(w.recommendations)}</h3>${recommendationsHtml}
${liaisons ? `<h3>${esc(w.liaisons)}</h3><ul class="liaisons">${liaisons}</ul>` : ""}${more}`,
    );
  });
}

function zeroTerms(): Record<WeightName, number> {
  return { reach: 0, engagement: 0, sentiment: 0, shareOfVoice: 0, responsiveness: 0, growth: 0 };
}

function meetingPage(
  input: PackInput,
  nameOf: (id: string | undefined | null) => string,
  notice: (service: string) => string,
): string {
  const { locale } = input;
  const w = locale.words;
  const meeting = meetingOf(input);
  if (!meeting) {
    return page(
      "meeting",
      w.agendaAndDecisions,
      notice("entities") || `<p>${esc(w.noMeeting)}</p>`,
    );
  }
  const agenda = [...meeting.agenda]
    .sort((a, b) => a.position - b.position)
    .map(
      (item) =>
        `<li>${esc(item.title)}${item.presenter ? ` — ${esc(locale.pick(item.presenter.fullNameAr, item.presenter.fullNameEn))}` : ""}${item.entity ? ` (${esc(nameOf(item.entity.id))})` : ""}</li>`,
    )
    .join("");
  const decisions =
    meeting.status === "HELD"
      ? meeting.decisions.length
        ? `<ol>${meeting.decisions.map((d) => `<li>${esc(d)}</li>`).join("")}</ol>`
        : "<p>—</p>"
      : `<p>${esc(w.decisionsPending)}</p>`;
  return page(
    "meeting",
    w.agendaAndDecisions,
    `<p class="meeting-title">${esc(meeting.title)} · ${esc(locale.dateTime(meeting.scheduledAt))}</p>
<h3>${esc(w.agenda)}</h3><ol>${agenda}</ol>
<h3>${esc(w.decisions)}</h3>${decisions}`,
  );
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
/* Latin runs in Noto Sans, Arabic in Noto Naskh (Noto Sans has no Arabic, so each falls through
   to its own): with Naskh first, its few Latin glyphs printed without their text in the PDF. */
html { font-family: 'Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans', sans-serif; font-size: 11pt; color: #1b2a33; }
html[lang="en"] { font-family: 'Noto Sans', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif; }
body { margin: 0; }
.page { break-before: page; padding: 4mm 0; }
.page.cover { break-before: auto; text-align: center; padding-top: 40mm; }
.cover h1 { font-size: 28pt; margin: 6mm 0; color: #0b6e4f; }
.cover .network { font-size: 14pt; color: #4a5a63; }
.cover .period { font-size: 16pt; display: flex; flex-direction: column; gap: 2mm; }
.cover .hijri { color: #4a5a63; }
.cover .meeting { display: grid; grid-template-columns: max-content auto; gap: 2mm 6mm; justify-content: center; text-align: start; margin: 10mm auto; }
.cover .contents { text-align: start; width: 60%; margin: 10mm auto 0; }
h2 { color: #0b6e4f; border-bottom: 2px solid #0b6e4f; padding-bottom: 2mm; font-size: 16pt; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; }
.muted { color: #5b6b73; font-size: 9.5pt; }
.outcome { margin: 1mm 0 2mm; color: #33444d; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #d3dde2; padding: 1.2mm 1.6mm; text-align: start; vertical-align: top; }
td.num { text-align: end; font-variant-numeric: tabular-nums; }
td.up { color: #0b6e4f; } td.down { color: #c0392b; }
.calendar { table-layout: fixed; }
.calendar td { height: 24mm; font-size: 7.5pt; }
.calendar td.empty { background: #f5f7f8; }
.calendar .day { font-weight: bold; display: block; }
.calendar .item { border-inline-start: 2px solid #2f80c0; padding-inline-start: 1mm; margin: 0.6mm 0; }
.item.high { border-color: #e0a100; } .item.critical { border-color: #c0392b; font-weight: bold; }
.item .mark { color: #c0392b; margin-inline-end: 0.8mm; }
.item .owner { display: block; color: #5b6b73; }
.legend .item { display: inline-block; margin-inline-end: 6mm; }
.clashes li { margin-bottom: 2mm; }
.chart { margin: 3mm 0; break-inside: avoid; }
/* ECharts places its text for a left-to-right page; in the Arabic edition it would flip. */
.chart svg { max-width: 100%; height: auto; direction: ltr; }
.chart figcaption { font-size: 9pt; color: #5b6b73; }
.charts-row { display: flex; gap: 4mm; flex-wrap: wrap; }
.weights { display: flex; flex-wrap: wrap; gap: 1mm 6mm; list-style: none; padding: 0; font-size: 9.5pt; }
.recommendations .severity-high strong { color: #c0392b; }
.unavailable { border: 1px solid #c0392b; background: #fdf0ee; padding: 2mm 3mm; color: #8e2a1f; }
.draft-mark { position: fixed; top: 0; inset-inline-end: 0; background: #c0392b; color: #fff; padding: 1mm 4mm; font-weight: bold; font-size: 10pt; z-index: 10; }
.draft-note { color: #c0392b; font-weight: bold; }
a { color: #2f80c0; word-break: break-all; }
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 0 8mm; } .page { border-bottom: 1px dashed #c3ccd1; } }
`;

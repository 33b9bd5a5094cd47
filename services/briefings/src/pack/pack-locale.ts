import type { BriefingLanguage } from "../rows/issued-briefing.row";
import type { ComponentName, WeightName } from "./briefing-query";

/** Numbers, dates and words of one edition; every number and date goes through Intl. */
export class PackLocale {
  readonly tag: string;
  readonly dir: "rtl" | "ltr";
  readonly words: PackWords;
  private readonly decimal: Intl.NumberFormat;
  private readonly signed: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly integer: Intl.NumberFormat;
  /** Date formats, made once per edition: making one costs more than formatting a date. */
  private readonly dates = new Map<string, Intl.DateTimeFormat>();

  private dateFormat(name: string, options: Intl.DateTimeFormatOptions, tag = this.tag) {
    let format = this.dates.get(name);
    if (!format) this.dates.set(name, (format = new Intl.DateTimeFormat(tag, options)));
    return format;
  }

  constructor(
    readonly language: BriefingLanguage,
    readonly timeZone: string,
  ) {
    this.tag = language === "ar" ? "ar-BH" : "en-GB";
    this.dir = language === "ar" ? "rtl" : "ltr";
    this.words = language === "ar" ? ARABIC : ENGLISH;
    this.decimal = new Intl.NumberFormat(this.tag, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    this.signed = new Intl.NumberFormat(this.tag, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      signDisplay: "exceptZero",
    });
    this.percent = new Intl.NumberFormat(this.tag, { style: "percent", maximumFractionDigits: 1 });
    this.integer = new Intl.NumberFormat(this.tag, { maximumFractionDigits: 0 });
  }

  /** A score or an index: always two decimals, as the report keeps them. */
  score(value: number): string {
    return this.decimal.format(value);
  }

  change(value: number | null): string {
    return value === null ? "—" : this.signed.format(value);
  }

  share(value: number): string {
    return this.percent.format(value);
  }

  count(value: number): string {
    return this.integer.format(value);
  }

  /** "November 2026" / "نوفمبر 2026" in the Gregorian calendar. */
  month(year: number, month: number): string {
    return this.dateFormat("month", { month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(Date.UTC(year, month - 1, 15)),
    );
  }

  /** A short month for chart axes. */
  shortMonth(year: number, month: number): string {
    return this.dateFormat("shortMonth", {
      month: "short",
      year: "2-digit",
      timeZone: "UTC",
    }).format(new Date(Date.UTC(year, month - 1, 15)));
  }

  /** The Hijri months a Gregorian month spans (Umm al-Qura), e.g. "جمادى الأولى – جمادى الآخرة 1448 هـ". */
  hijriSpan(year: number, month: number): string {
    const format = this.dateFormat(
      "hijri",
      { month: "long", year: "numeric", timeZone: "UTC" },
      `${this.tag}-u-ca-islamic-umalqura`,
    );
    const first = format.format(new Date(Date.UTC(year, month - 1, 1)));
    const last = format.format(new Date(Date.UTC(year, month, 0)));
    return first === last ? first : `${first} – ${last}`;
  }

  dateTime(iso: string): string {
    return this.dateFormat("dateTime", {
      dateStyle: "full",
      timeStyle: "short",
      timeZone: this.timeZone,
    }).format(new Date(iso));
  }

  date(iso: string): string {
    return this.dateFormat("date", { dateStyle: "medium", timeZone: this.timeZone }).format(
      new Date(iso),
    );
  }

  time(iso: string): string {
    return this.dateFormat("time", { timeStyle: "short", timeZone: this.timeZone }).format(
      new Date(iso),
    );
  }

  /** Day-of-month in the locale's digits, for the calendar grid. */
  dayNumber(day: number): string {
    return this.integer.format(day);
  }

  weekdayNames(): string[] {
    const format = new Intl.DateTimeFormat(this.tag, { weekday: "short", timeZone: "UTC" });
    // 2023-01-01 was a Sunday: the grid's weeks start on Sunday, as the network's do.
    return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2023, 0, 1 + i))));
  }

  /** The Arabic or English of a bilingual pair (English falls back to Arabic). */
  pick(ar: string, en: string | null | undefined): string {
    return this.language === "en" && en ? en : ar;
  }
}

export interface PackWords {
  packTitle: string;
  network: string;
  draft: string;
  draftNote: string;
  issued: string;
  period: string;
  hijri: string;
  meeting: string;
  noMeeting: string;
  venue: string;
  when: string;
  contents: string;
  achievements: string;
  achievementsNone: string;
  sessions: string;
  sessionsNone: string;
  publication: string;
  nextMonth: string;
  legendHigh: string;
  legendCritical: string;
  clashes: string;
  clashesNone: string;
  sharedChannels: string;
  reputation: string;
  nationalIndex: string;
  ranking: string;
  rank: string;
  entity: string;
  score: string;
  change: string;
  components: string;
  platforms: string;
  formula: string;
  weights: string;
  noReport: string;
  entityPage: string;
  trend: string;
  planItems: string;
  recommendations: string;
  recommendationsNone: string;
  evidence: string;
  liaisons: string;
  notScored: string;
  agendaAndDecisions: string;
  agenda: string;
  decisions: string;
  decisionsPending: string;
  unavailable: (service: string) => string;
  moreEntities: (shown: number, total: number) => string;
  weightNames: Record<WeightName, string>;
  componentNames: Record<ComponentName, string>;
  severity: Record<string, string>;
  status: Record<string, string>;
  meetingStatus: Record<string, string>;
  reportStatus: Record<string, string>;
}

const ARABIC: PackWords = {
  packTitle: "حزمة الإحاطة الشهرية",
  network: "شبكة التواصل الحكومي",
  draft: "مسودة DRAFT",
  draftNote: "مسودة: لم يُنشر تقرير الشهر بعد، وقد تتغير الأرقام.",
  issued: "صدرت في",
  period: "الفترة",
  hijri: "بالتقويم الهجري",
  meeting: "الاجتماع الشهري",
  noMeeting: "لا يوجد اجتماع مسجل لهذا الشهر.",
  venue: "المكان",
  when: "الموعد",
  contents: "المحتويات",
  achievements: "إنجازات الشهر حسب الجهة",
  achievementsNone: "لم تُسجَّل بنود منجزة هذا الشهر.",
  sessions: "الجلسات الإعلامية المنعقدة والمنشورة",
  sessionsNone: "لم تُعقد جلسات هذا الشهر.",
  publication: "رابط النشر",
  nextMonth: "خطة الشهر القادم",
  legendHigh: "أولوية عالية",
  legendCritical: "أولوية حرجة",
  clashes: "التعارضات",
  clashesNone: "لا تعارضات في الشهر القادم.",
  sharedChannels: "القنوات المشتركة",
  reputation: "السمعة الرقمية",
  nationalIndex: "المؤشر الوطني خلال آخر 12 شهرًا",
  ranking: "ترتيب الجهات",
  rank: "الترتيب",
  entity: "الجهة",
  score: "النتيجة",
  change: "التغير عن الشهر السابق",
  components: "مكونات المؤشر dri-1",
  platforms: "حصة المنصات",
  formula: "إصدار المعادلة",
  weights: "الأوزان",
  noReport: "لم يُولَّد تقرير السمعة الرقمية لهذا الشهر بعد.",
  entityPage: "صفحة الجهة",
  trend: "الاتجاه",
  planItems: "بنود الخطة هذا الشهر",
  recommendations: "التوصيات",
  recommendationsNone: "لا توصيات.",
  evidence: "الدليل",
  liaisons: "ضباط الاتصال",
  notScored: "لم تُحتسب نتيجة لهذه الجهة هذا الشهر.",
  agendaAndDecisions: "جدول الأعمال والقرارات",
  agenda: "جدول الأعمال",
  decisions: "القرارات",
  decisionsPending: "تُسجَّل القرارات بعد انعقاد الاجتماع.",
  unavailable: (service) =>
    `غير متاح: تعذّر الوصول إلى خدمة ${service}؛ أُعدّت بقية الحزمة بدونها.`,
  moreEntities: (shown, total) => `تعرض الحزمة أول ${shown} جهة من ${total}.`,
  weightNames: {
    reach: "الوصول",
    engagement: "التفاعل",
    sentiment: "المشاعر",
    shareOfVoice: "حصة الصوت",
    responsiveness: "الاستجابة",
    growth: "النمو",
  },
  componentNames: {
    reach: "الوصول (مرات الظهور)",
    engagementRate: "معدل التفاعل",
    netSentiment: "صافي المشاعر",
    shareOfVoice: "حصة الصوت",
    responsiveness: "الاستجابة",
    followerGrowth: "نمو المتابعين",
  },
  severity: { HIGH: "عالية", MEDIUM: "متوسطة", LOW: "منخفضة" },
  status: {
    PLANNED: "مخطط",
    CONFIRMED: "مؤكد",
    DONE: "منجز",
    POSTPONED: "مؤجل",
    CANCELLED: "ملغى",
    SCHEDULED: "مجدولة",
    HELD: "منعقدة",
    PUBLISHED: "منشورة",
  },
  meetingStatus: { SCHEDULED: "مجدول", HELD: "منعقد", CANCELLED: "ملغى" },
  reportStatus: { DRAFT: "مسودة", PUBLISHED: "منشور" },
};

const ENGLISH: PackWords = {
  packTitle: "Monthly briefing pack",
  network: "Government Communication Network",
  draft: "DRAFT",
  draftNote: "Draft: the month's report is not published yet; figures may change.",
  issued: "Issued",
  period: "Period",
  hijri: "Hijri",
  meeting: "Monthly network meeting",
  noMeeting: "No meeting is recorded for this month.",
  venue: "Venue",
  when: "When",
  contents: "Contents",
  achievements: "The month's achievements by entity",
  achievementsNone: "No item was recorded as done this month.",
  sessions: "Media sessions held and published",
  sessionsNone: "No session was held this month.",
  publication: "Publication",
  nextMonth: "Next month's plan",
  legendHigh: "High priority",
  legendCritical: "Critical priority",
  clashes: "Clashes",
  clashesNone: "No clash next month.",
  sharedChannels: "Shared channels",
  reputation: "Digital reputation",
  nationalIndex: "National index, last 12 months",
  ranking: "Ranking",
  rank: "Rank",
  entity: "Entity",
  score: "Score",
  change: "Change on last month",
  components: "dri-1 components",
  platforms: "Platforms' share",
  formula: "Formula version",
  weights: "Weights",
  noReport: "No reputation report has been generated for this month yet.",
  entityPage: "Entity page",
  trend: "Trend",
  planItems: "Plan items this month",
  recommendations: "Recommendations",
  recommendationsNone: "No recommendation.",
  evidence: "Evidence",
  liaisons: "Liaison officers",
  notScored: "This entity has no score this month.",
  agendaAndDecisions: "Agenda and decisions",
  agenda: "Agenda",
  decisions: "Decisions",
  decisionsPending: "Decisions are recorded once the meeting is held.",
  unavailable: (service) =>
    `Unavailable: the ${service} service could not be reached; the rest of the pack was made without it.`,
  moreEntities: (shown, total) => `The pack shows the first ${shown} of ${total} entities.`,
  weightNames: {
    reach: "Reach",
    engagement: "Engagement",
    sentiment: "Sentiment",
    shareOfVoice: "Share of voice",
    responsiveness: "Responsiveness",
    growth: "Growth",
  },
  componentNames: {
    reach: "Reach (impressions)",
    engagementRate: "Engagement rate",
    netSentiment: "Net sentiment",
    shareOfVoice: "Share of voice",
    responsiveness: "Responsiveness",
    followerGrowth: "Follower growth",
  },
  severity: { HIGH: "High", MEDIUM: "Medium", LOW: "Low" },
  status: {
    PLANNED: "Planned",
    CONFIRMED: "Confirmed",
    DONE: "Done",
    POSTPONED: "Postponed",
    CANCELLED: "Cancelled",
    SCHEDULED: "Scheduled",
    HELD: "Held",
    PUBLISHED: "Published",
  },
  meetingStatus: { SCHEDULED: "Scheduled", HELD: "Held", CANCELLED: "Cancelled" },
  reportStatus: { DRAFT: "Draft", PUBLISHED: "Published" },
};

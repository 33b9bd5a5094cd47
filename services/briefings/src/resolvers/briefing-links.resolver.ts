import { LocaleOption, PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { BriefingStore } from "../issuing/briefing-store";
import type { PeriodValue } from "../pack/briefing-query";
import {
  BriefingPack,
  BriefingStatus,
  NetworkMeetingStub,
  ReputationReportStub,
} from "../schema/briefing.types";

const LINK_DESCRIPTION =
  "The month's briefing pack in `locale` (default: the request's language); null for a year";

/** The links of a period's pack, with what is issued of it (one read per period and request). */
async function packOf(
  db: DataSource,
  context: RequestContext,
  period: { year: number; month?: number | null } | undefined,
  locale: LocaleOption | null,
): Promise<BriefingPack | null> {
  if (!period?.month) return null;
  const value: PeriodValue = { year: period.year, month: period.month };
  const language = (locale ?? context.locale) === "EN" ? "en" : "ar";
  const summaries = await context.loaders
    .get<
      string,
      Awaited<ReturnType<BriefingStore["summaries"]>>
    >("issued-briefings", (keys) => Promise.all(keys.map((key) => new BriefingStore(db).summaries(JSON.parse(key) as PeriodValue))))
    .load(JSON.stringify(value));
  const html = summaries.find((s) => s.language === language && s.format === "html");
  const pdf = summaries.find((s) => s.language === language && s.format === "pdf");
  const name = `${value.year}-${String(value.month).padStart(2, "0")}`;
  return {
    id: `${name}:${language}`,
    period: { year: value.year, month: value.month },
    locale: language === "en" ? LocaleOption.EN : LocaleOption.AR,
    status: html ? BriefingStatus.ISSUED : BriefingStatus.DRAFT,
    htmlUrl: `/briefings/${name}.html?lang=${language}`,
    pdfUrl: `/briefings/${name}.pdf?lang=${language}`,
    issuedAt: html?.issuedAt ?? null,
    htmlSha256: html?.sha256 ?? null,
    pdfSha256: pdf?.sha256 ?? null,
  } as BriefingPack;
}

@Resolver((_of) => NetworkMeetingStub)
export class MeetingBriefingResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => BriefingPack, { nullable: true, description: LINK_DESCRIPTION })
  @Directive(`@requires(fields: "period { year month }")`)
  briefing(
    @Root() meeting: NetworkMeetingStub,
    @Arg("locale", (_type) => LocaleOption, { nullable: true }) locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ) {
    return packOf(this.db, context, meeting.period, locale);
  }
}

@Resolver((_of) => ReputationReportStub)
export class ReportBriefingResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => BriefingPack, { nullable: true, description: LINK_DESCRIPTION })
  @Directive(`@requires(fields: "period { year month }")`)
  briefing(
    @Root() report: ReputationReportStub,
    @Arg("locale", (_type) => LocaleOption, { nullable: true }) locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ) {
    return packOf(this.db, context, report.period, locale);
  }
}

@Resolver()
export class BriefingQueryResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_type) => BriefingPack, {
    nullable: true,
    description: "A month's briefing pack (its links, and whether it is issued); null for a year",
  })
  briefing(
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Arg("locale", (_type) => LocaleOption, { nullable: true }) locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ) {
    return packOf(this.db, context, period, locale);
  }
}

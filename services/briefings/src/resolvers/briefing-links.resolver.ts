import { LocaleOption, PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { label } from "../issuing/briefing-issuer";
import { BriefingStore } from "../issuing/briefing-store";
import type { PeriodValue } from "../pack/briefing-query";
import {
  Briefing,
  BriefingStatus,
  NetworkMeetingStub,
  ReputationReportStub,
  type BriefingSource,
} from "../schema/briefing.types";

const LINK_DESCRIPTION = "The period's briefing pack; null for a year";

/** A period's pack with what is issued of it (one read per period and request). */
async function briefingOf(
  db: DataSource,
  context: RequestContext,
  period: { year: number; month?: number | null } | undefined,
): Promise<BriefingSource | null> {
  if (!period?.month) return null;
  const value: PeriodValue = { year: period.year, month: period.month };
  const issued = await context.loaders
    .get<
      string,
      BriefingSource["issued"]
    >("issued-briefings", (keys) => Promise.all(keys.map((key) => new BriefingStore(db).summaries(JSON.parse(key) as PeriodValue))))
    .load(JSON.stringify(value));
  return { period: value, issued };
}

function languageOf(context: RequestContext, locale: LocaleOption | null): "ar" | "en" {
  return (locale ?? context.locale) === "EN" ? "en" : "ar";
}

function localeArg() {
  return Arg("locale", (_type) => LocaleOption, {
    nullable: true,
    description: "AR or EN; when not given, the request's Accept-Language",
  });
}

/** The pack's fields; the addresses and hashes are per language. */
@Resolver((_of) => Briefing)
export class BriefingResolver {
  @FieldResolver()
  id(@Root() source: BriefingSource): string {
    return `briefing:${label(source.period)}`;
  }

  @FieldResolver()
  period(@Root() source: BriefingSource) {
    return source.period;
  }

  @FieldResolver()
  draft(@Root() source: BriefingSource): boolean {
    return !source.issued.some((doc) => doc.format === "html");
  }

  @FieldResolver((_type) => BriefingStatus)
  status(@Root() source: BriefingSource): BriefingStatus {
    return this.draft(source) ? BriefingStatus.DRAFT : BriefingStatus.ISSUED;
  }

  @FieldResolver()
  issuedAt(@Root() source: BriefingSource): Date | null {
    return source.issued.find((doc) => doc.format === "html")?.issuedAt ?? null;
  }

  @FieldResolver((_type) => String, { description: "e.g. /briefings/2026-11.html?lang=ar" })
  htmlUrl(
    @Root() source: BriefingSource,
    @localeArg() locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ): string {
    return `/briefings/${label(source.period)}.html?lang=${languageOf(context, locale)}`;
  }

  @FieldResolver((_type) => String, { description: "e.g. /briefings/2026-11.pdf?lang=ar" })
  pdfUrl(
    @Root() source: BriefingSource,
    @localeArg() locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ): string {
    return `/briefings/${label(source.period)}.pdf?lang=${languageOf(context, locale)}`;
  }

  @FieldResolver((_type) => String, {
    nullable: true,
    description: "SHA-256 (hex) of the issued HTML, its ETag; null while a draft",
  })
  htmlSha256(
    @Root() source: BriefingSource,
    @localeArg() locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ): string | null {
    const language = languageOf(context, locale);
    return (
      source.issued.find((d) => d.format === "html" && d.language === language)?.sha256 ?? null
    );
  }

  @FieldResolver((_type) => String, {
    nullable: true,
    description: "SHA-256 (hex) of the issued PDF; null while a draft or not yet printed",
  })
  pdfSha256(
    @Root() source: BriefingSource,
    @localeArg() locale: LocaleOption | null,
    @Ctx() context: RequestContext,
  ): string | null {
    const language = languageOf(context, locale);
    return source.issued.find((d) => d.format === "pdf" && d.language === language)?.sha256 ?? null;
  }
}

@Resolver((_of) => NetworkMeetingStub)
export class MeetingBriefingResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => Briefing, { nullable: true, description: LINK_DESCRIPTION })
  @Directive(`@requires(fields: "period { year month }")`)
  briefing(@Root() meeting: NetworkMeetingStub, @Ctx() context: RequestContext) {
    return briefingOf(this.db, context, meeting.period);
  }
}

@Resolver((_of) => ReputationReportStub)
export class ReportBriefingResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => Briefing, { nullable: true, description: LINK_DESCRIPTION })
  @Directive(`@requires(fields: "period { year month }")`)
  briefing(@Root() report: ReputationReportStub, @Ctx() context: RequestContext) {
    return briefingOf(this.db, context, report.period);
  }
}

@Resolver()
export class BriefingQueryResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_type) => Briefing, {
    nullable: true,
    description:
      "A month's briefing pack (its addresses, and whether it is issued); null for a year",
  })
  briefing(
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Ctx() context: RequestContext,
  ) {
    return briefingOf(this.db, context, period);
  }
}

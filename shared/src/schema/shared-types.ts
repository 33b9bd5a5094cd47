import "reflect-metadata";
import { Max, Min } from "class-validator";
import {
  Arg,
  Directive,
  Field,
  FieldResolver,
  InputType,
  Int,
  ObjectType,
  Resolver,
  Root,
} from "type-graphql";
import { graphqlEnum, type EnumValue } from "./graphql-enum";

/** contract.md's shared enums and value types: identical in every subgraph that uses them. */
export const Platform = graphqlEnum(
  "Platform",
  "X INSTAGRAM YOUTUBE TIKTOK SNAPCHAT FACEBOOK LINKEDIN WHATSAPP WEBSITE NEWS",
);
export type Platform = EnumValue<typeof Platform>;

export const LocaleOption = graphqlEnum("Locale", "AR EN");
export type LocaleOption = EnumValue<typeof LocaleOption>;

/**
 * The `locale` argument of every bilingual field (`name`, `title`): optional, the request's
 * Accept-Language when left out. Pass what it gives to `localized`.
 */
export function LocaleArg() {
  return Arg("locale", (_type) => LocaleOption, {
    nullable: true,
    description: "AR or EN; when not given, the request's Accept-Language",
  });
}

export const CalendarOption = graphqlEnum("Calendar", "GREGORIAN HIJRI");
export type CalendarOption = EnumValue<typeof CalendarOption>;

@ObjectType()
@Directive("@shareable")
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field((_type) => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
@Directive("@shareable")
export class Period {
  @Field((_type) => Int)
  year!: number;

  @Field((_type) => Int, { nullable: true })
  month!: number | null;
}

@InputType()
export class PeriodInput {
  @Field((_type) => Int)
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field((_type) => Int, { nullable: true, description: "1..12; null means the whole year" })
  @Min(1)
  @Max(12)
  month?: number | null;
}

/** Human label of a period, e.g. "نوفمبر 2026", "November 2026", or its Hijri month. */
export function periodLabel(
  period: { year: number; month?: number | null },
  locale: LocaleOption = LocaleOption.AR,
  calendar: CalendarOption = CalendarOption.GREGORIAN,
): string {
  const language = locale === LocaleOption.EN ? "en" : "ar";
  const tag = `${language}-u-nu-latn${calendar === CalendarOption.HIJRI ? "-ca-islamic-umalqura" : ""}`;
  // Mid-month (or mid-year) so the Hijri label names the month most of the period falls in.
  const day = period.month
    ? new Date(Date.UTC(period.year, period.month - 1, 15))
    : new Date(Date.UTC(period.year, 6, 1));
  const options: Intl.DateTimeFormatOptions = period.month
    ? { year: "numeric", month: "long", timeZone: "UTC" }
    : { year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(tag, options).format(day);
}

@Resolver((_of) => Period)
export class PeriodLabelResolver {
  @FieldResolver((_type) => String)
  label(
    @Root() period: Period,
    @Arg("locale", (_type) => LocaleOption, { defaultValue: LocaleOption.AR }) locale: LocaleOption,
    @Arg("calendar", (_type) => CalendarOption, { defaultValue: CalendarOption.GREGORIAN })
    calendar: CalendarOption,
  ): string {
    return periodLabel(period, locale, calendar);
  }
}

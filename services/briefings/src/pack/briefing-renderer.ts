import type { PeriodValue } from "./briefing-query";
import type { BriefingAnswer } from "./gateway-client";
import { PackLocale } from "./pack-locale";
import { renderPackHtml } from "./pack-html";
import type { PdfPrinter } from "./pdf-printer";
import type { BriefingFormat, BriefingLanguage } from "../rows/issued-briefing.row";

export const LANGUAGES: readonly BriefingLanguage[] = ["ar", "en"];

/** Turns the gateway's answer into the pack's HTML, and HTML into its PDF. */
export class BriefingRenderer {
  constructor(
    readonly printer: PdfPrinter,
    private readonly timeZone: string,
  ) {}

  html(
    period: PeriodValue,
    answer: BriefingAnswer,
    language: BriefingLanguage,
    options: { draft: boolean; issuedAt: Date },
  ): string {
    return renderPackHtml({
      period,
      data: answer.data,
      errors: answer.errors,
      locale: new PackLocale(language, this.timeZone),
      ...options,
    });
  }

  async document(html: string, format: BriefingFormat): Promise<Buffer> {
    return format === "pdf" ? this.printer.print(html) : Buffer.from(html, "utf8");
  }
}

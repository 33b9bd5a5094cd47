import { signDevToken, TemporarilyUnavailableError, type Logger } from "@gcn/shared";
import type { DataSource, EntityManager } from "typeorm";
import type { BriefingsConfig } from "../briefings-config";
import type { PeriodValue } from "../pack/briefing-query";
import { LANGUAGES, type BriefingRenderer } from "../pack/briefing-renderer";
import type { BriefingAnswer, GatewayClient } from "../pack/gateway-client";
import { missingServices, RENDERER_VERSION } from "../pack/pack-html";
import { PdfUnavailableError } from "../pack/pdf-printer";
import type { BriefingSources } from "../rows/issued-briefing.row";
import { BriefingStore, type IssuedDocument } from "./briefing-store";

/**
 * Issues a month's pack once its report is published: both languages, HTML and PDF, read with
 * the issuer's ANALYST identity (so what is kept and sent to every ministry carries no
 * liaison's contact details) and kept byte for byte. Only a complete answer is issued: with a
 * subgraph missing the issue waits and retries.
 */
export class BriefingIssuer {
  constructor(
    private readonly config: BriefingsConfig,
    private readonly gateway: GatewayClient,
    private readonly renderer: BriefingRenderer,
    private readonly store: BriefingStore,
    private readonly db: DataSource,
    private readonly logger: Logger,
  ) {}

  private async authorization(): Promise<string> {
    if (this.config.issuerToken) return `Bearer ${this.config.issuerToken}`;
    const token = await signDevToken(
      this.config.jwtSecret!,
      {
        sub: "briefings-issuer",
        name: "Briefing pack issuer",
        roles: ["ANALYST"],
        expiresIn: "5m",
      },
      { issuer: this.config.jwtIssuer, audience: this.config.jwtAudience },
    );
    return `Bearer ${token}`;
  }

  /** The published month's answer, complete, or why it cannot be issued yet. */
  private async publishedAnswer(period: PeriodValue): Promise<BriefingAnswer | null> {
    const answer = await this.gateway.briefingData(period, await this.authorization());
    const missing = missingServices(answer.errors);
    if (missing.size > 0) {
      throw new TemporarilyUnavailableError(
        `cannot issue ${label(period)} without ${[...missing].join(", ")}`,
      );
    }
    if (answer.data.report?.status !== "PUBLISHED") return null;
    return answer;
  }

  /**
   * Issues what is not issued yet for the period (in `tx` when given: the consumer's inbox
   * transaction). Returns false when the month's report is not published.
   */
  async issue(period: PeriodValue, tx?: EntityManager): Promise<boolean> {
    const started = Date.now();
    const answer = await this.publishedAnswer(period);
    if (!answer) return false;
    const report = answer.data.report!;
    // Printing both languages takes seconds: an operator watching the log sees it start.
    this.logger.info({ period: label(period), reportId: report.id }, "issuing the briefing pack");
    const meeting = (answer.data.meetings ?? []).find(
      (m) => m.period.year === period.year && m.period.month === period.month,
    );
    const sources: BriefingSources = {
      reportId: report.id,
      reportStatus: report.status,
      reportGeneratedAt: report.generatedAt,
      reportPublishedAt: report.publishedAt,
      formulaVersion: report.formulaVersion,
      weightsId: report.weights.id,
      meetingId: meeting?.id ?? null,
      meetingStatus: meeting?.status ?? null,
      entityCount: answer.data.entities?.edges.length ?? 0,
      renderer: RENDERER_VERSION,
    };
    const issuedAt = new Date();
    const documents: IssuedDocument[] = [];
    for (const language of LANGUAGES) {
      const html = this.renderer.html(period, answer, language, { draft: false, issuedAt });
      documents.push({ language, format: "html", content: Buffer.from(html, "utf8") });
      try {
        documents.push({
          language,
          format: "pdf",
          content: await this.renderer.document(html, "pdf"),
        });
      } catch (error) {
        if (!(error instanceof PdfUnavailableError)) throw error;
        // The HTML is the document; its PDF is printed from it when first asked for.
        this.logger.warn({ period: label(period) }, error.message);
      }
    }
    const kept = tx
      ? await this.store.keep(tx, period, documents, sources, issuedAt)
      : await this.db.transaction((t) => this.store.keep(t, period, documents, sources, issuedAt));
    this.logger.info(
      { period: label(period), kept, ms: Date.now() - started, reportId: report.id },
      kept > 0 ? "briefing pack issued" : "briefing pack was already issued",
    );
    return true;
  }

  /** Prints the PDF of an issued HTML that has none (Chromium was missing when it was issued). */
  async printIssued(period: PeriodValue, language: "ar" | "en"): Promise<boolean> {
    const html = await this.store.issued(period, language, "html");
    if (!html) return false;
    const pdf = await this.renderer.document(html.content.toString("utf8"), "pdf");
    await this.db.transaction((t) =>
      this.store.keep(
        t,
        period,
        [{ language, format: "pdf", content: pdf }],
        html.sources,
        html.issuedAt,
      ),
    );
    return true;
  }
}

export function label(period: PeriodValue): string {
  return `${period.year}-${String(period.month).padStart(2, "0")}`;
}

import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { PeriodValue } from "../pack/briefing-query";
import {
  IssuedBriefingRow,
  type BriefingFormat,
  type BriefingLanguage,
  type BriefingSources,
} from "../rows/issued-briefing.row";

export interface IssuedDocument {
  language: BriefingLanguage;
  format: BriefingFormat;
  content: Buffer;
}

export function sha256Of(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Issued packs: written once per period, language and format, then only read. */
export class BriefingStore {
  /** Issued documents read lately: they never change, so a copy is as good as the row. */
  private readonly recent = new Map<string, IssuedBriefingRow>();

  constructor(
    private readonly db: DataSource,
    private readonly recentLimit = 16,
  ) {}

  async issued(
    period: PeriodValue,
    language: BriefingLanguage,
    format: BriefingFormat,
  ): Promise<IssuedBriefingRow | null> {
    const key = `${period.year}-${period.month}|${language}|${format}`;
    const known = this.recent.get(key);
    if (known) return known;
    const row = await this.db.getRepository(IssuedBriefingRow).findOneBy({
      periodYear: period.year,
      periodMonth: period.month,
      language,
      format,
    });
    if (row) {
      this.recent.set(key, row);
      if (this.recent.size > this.recentLimit) {
        this.recent.delete(this.recent.keys().next().value!);
      }
    }
    return row;
  }

  /** What is issued for a period (no content), for the GraphQL links. */
  summaries(period: PeriodValue): Promise<Omit<IssuedBriefingRow, "content">[]> {
    return this.db.getRepository(IssuedBriefingRow).find({
      select: [
        "id",
        "periodYear",
        "periodMonth",
        "language",
        "format",
        "sha256",
        "issuedAt",
        "sources",
      ],
      where: { periodYear: period.year, periodMonth: period.month },
    });
  }

  /**
   * Keeps documents as issued; one already kept (a concurrent issue, an event delivered again)
   * wins and is never replaced. Returns how many were new.
   */
  async keep(
    tx: EntityManager,
    period: PeriodValue,
    documents: IssuedDocument[],
    sources: BriefingSources,
    issuedAt: Date,
  ): Promise<number> {
    if (documents.length === 0) return 0;
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(IssuedBriefingRow)
      .values(
        documents.map((doc) => ({
          periodYear: period.year,
          periodMonth: period.month,
          language: doc.language,
          format: doc.format,
          content: doc.content,
          sha256: sha256Of(doc.content),
          sources,
          issuedAt,
        })),
      )
      .orIgnore()
      .returning(["id"])
      .execute();
    return (result.raw as unknown[]).length;
  }
}

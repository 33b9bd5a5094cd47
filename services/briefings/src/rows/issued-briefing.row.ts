import { Column, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";

export type BriefingLanguage = "ar" | "en";
export type BriefingFormat = "html" | "pdf";

/** What an issued pack was made from: enough to say which data a ministry received. */
export interface BriefingSources {
  reportId: string;
  reportStatus: string;
  reportGeneratedAt: string;
  reportPublishedAt: string | null;
  formulaVersion: string;
  weightsId: string;
  meetingId: string | null;
  meetingStatus: string | null;
  entityCount: number;
  /** The renderer's own version: a new layout is a new version, never a silent change. */
  renderer: string;
}

/** One issued document (a period, a language, a format): its bytes, kept as they were sent. */
@Entity({ name: "issued_briefing" })
@Unique("issued_briefing_document", ["periodYear", "periodMonth", "language", "format"])
export class IssuedBriefingRow {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "period_year", type: "int" })
  periodYear!: number;

  @Column({ name: "period_month", type: "int" })
  periodMonth!: number;

  @Column({ type: "text" })
  language!: BriefingLanguage;

  @Column({ type: "text" })
  format!: BriefingFormat;

  @Column({ type: "bytea" })
  content!: Buffer;

  /** SHA-256 of `content`, hex: the ETag, and what a ministry can quote to check its copy. */
  @Column({ type: "text" })
  sha256!: string;

  @Column({ type: "jsonb" })
  sources!: BriefingSources;

  @Column({ name: "issued_at", type: "timestamptz" })
  issuedAt!: Date;
}

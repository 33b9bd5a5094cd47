import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { ReportStatus } from "../schema/reputation-enums";
import type { ScoreWeights } from "../domain/dri-scoring";

/** A stored score: the entity's row of a report. */
export interface StoredScore {
  entityId: string;
  score: number;
  rank: number;
  previousScore: number | null;
  delta: number | null;
  components: Record<string, number>;
  sampleCount: number;
  /** Reports generated before platform shares and contributions were kept have none. */
  platforms?: StoredPlatformShare[];
  contributions?: Record<string, number>;
}

/** One platform's part of an entity's month: engagements and impressions, and its share. */
export interface StoredPlatformShare {
  platform: string;
  share: number;
  engagements: number;
  impressions: number;
}

export interface StoredRecommendation {
  entityId: string;
  code: string;
  severity: string;
  platform: string | null;
  messageAr: string;
  messageEn: string;
  evidence: string;
}

export interface StoredActivity {
  entityId: string;
  planItemsDone: number;
  sessionsHeld: number;
}

/** A period's report; its scores and recommendations are frozen with it once PUBLISHED. */
@Entity({ name: "reputation_report" })
export class ReputationReportRow {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "period_year", type: "int" })
  periodYear!: number;

  @Column({ name: "period_month", type: "int", nullable: true })
  periodMonth!: number | null;

  @Column({ type: "text" })
  status!: ReportStatus;

  @Column({ name: "formula_version", type: "text" })
  formulaVersion!: string;

  @Column({ type: "jsonb" })
  weights!: ScoreWeights;

  @Column({ name: "weights_version", type: "int", nullable: true })
  weightsVersion!: number | null;

  @Column({ name: "national_index", type: "double precision" })
  nationalIndex!: number;

  @Column({ type: "jsonb" })
  scores!: StoredScore[];

  @Column({ type: "jsonb" })
  recommendations!: StoredRecommendation[];

  @Column({ type: "jsonb" })
  activity!: StoredActivity[];

  @Column({ name: "generated_at", type: "timestamptz" })
  generatedAt!: Date;

  @Column({ name: "published_at", type: "timestamptz", nullable: true })
  publishedAt!: Date | null;
}

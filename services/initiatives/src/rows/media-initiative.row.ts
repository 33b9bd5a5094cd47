import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";

@Entity({ name: "media_initiative" })
export class MediaInitiativeRow extends AggregateRow {
  @Column({ type: "text" })
  code!: string;

  @Column({ name: "title_ar", type: "text" })
  titleAr!: string;

  @Column({ name: "title_en", type: "text", nullable: true })
  titleEn!: string | null;

  @Column({ type: "text", nullable: true })
  description!: string | null;

  @Column({ type: "text" })
  format!: string;

  @Column({ type: "text" })
  status!: string;

  @Column({ name: "launched_on", type: "date", nullable: true })
  launchedOn!: string | null;

  @Column({ name: "partner_ids", type: "uuid", array: true })
  partnerIds!: string[];
}

import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import type { InitiativeFormat, InitiativeStatus } from "../schema/initiative-enums";

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
  format!: InitiativeFormat;

  @Column({ type: "text" })
  status!: InitiativeStatus;

  @Column({ name: "launched_on", type: "date", nullable: true })
  launchedOn!: string | null;

  @Column({ name: "partner_ids", type: "uuid", array: true })
  partnerIds!: string[];
}

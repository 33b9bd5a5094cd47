import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import type { SessionStatus } from "../schema/initiative-enums";

@Entity({ name: "initiative_session" })
export class InitiativeSessionRow extends AggregateRow {
  @Column({ name: "initiative_id", type: "uuid" })
  initiativeId!: string;

  @Column({ name: "host_entity_id", type: "uuid" })
  hostEntityId!: string;

  @Column({ name: "official_name", type: "text" })
  officialName!: string;

  @Column({ name: "official_title", type: "text", nullable: true })
  officialTitle!: string | null;

  @Column({ name: "liaison_id", type: "uuid", nullable: true })
  liaisonId!: string | null;

  @Column({ name: "scheduled_at", type: "timestamptz" })
  scheduledAt!: Date;

  @Column({ name: "held_at", type: "timestamptz", nullable: true })
  heldAt!: Date | null;

  @Column({ type: "text", array: true })
  topics!: string[];

  @Column({ name: "media_outlets", type: "text", array: true })
  mediaOutlets!: string[];

  @Column({ type: "text", array: true })
  platforms!: string[];

  @Column({ type: "text" })
  status!: SessionStatus;

  @Column({ name: "publication_url", type: "text", nullable: true })
  publicationUrl!: string | null;

  @Column({ name: "published_at", type: "timestamptz", nullable: true })
  publishedAt!: Date | null;

  @Column({ type: "text", nullable: true })
  notes!: string | null;

  @Column({ name: "cancel_reason", type: "text", nullable: true })
  cancelReason!: string | null;
}

import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import {
  Channel,
  PlanItemKind,
  PlanItemSource,
  PlanItemStatus,
  Priority,
} from "../schema/plan-enums";

@Entity({ name: "plan_item" })
export class PlanItemRow extends AggregateRow {
  /** The month plan of `startsAt` (in the network's time zone). */
  @Column({ name: "plan_id", type: "uuid" })
  planId!: string;

  @Column({ name: "owner_id", type: "uuid" })
  ownerId!: string;

  @Column({ type: "text" })
  kind!: PlanItemKind;

  @Column({ name: "title_ar", type: "text" })
  titleAr!: string;

  @Column({ name: "title_en", type: "text", nullable: true })
  titleEn!: string | null;

  @Column({ type: "text", nullable: true })
  description!: string | null;

  @Column({ name: "starts_at", type: "timestamptz" })
  startsAt!: Date;

  @Column({ name: "ends_at", type: "timestamptz" })
  endsAt!: Date;

  @Column({ type: "text", array: true })
  channels!: Channel[];

  @Column({ type: "text" })
  priority!: Priority;

  @Column({ name: "key_messages", type: "jsonb" })
  keyMessages!: string[];

  @Column({ name: "national_plan_tags", type: "text", array: true })
  nationalPlanTags!: string[];

  @Column({ type: "text" })
  status!: PlanItemStatus;

  @Column({ type: "text", nullable: true })
  outcome!: string | null;

  @Column({ type: "text" })
  source!: PlanItemSource;

  @Column({ name: "initiative_session_id", type: "uuid", nullable: true })
  initiativeSessionId!: string | null;

  /** For items made from a session: the sequence of the last session event applied. */
  @Column({ name: "source_sequence", type: "int", nullable: true })
  sourceSequence!: number | null;
}

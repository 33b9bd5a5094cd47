import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import type { LiaisonRole } from "../schema/entity-enums";

@Entity({ name: "liaison" })
export class LiaisonRow extends AggregateRow {
  @Column({ name: "entity_id", type: "uuid" })
  entityId!: string;

  @Column({ name: "full_name_ar", type: "text" })
  fullNameAr!: string;

  @Column({ name: "full_name_en", type: "text", nullable: true })
  fullNameEn!: string | null;

  @Column({ name: "job_title", type: "text", nullable: true })
  jobTitle!: string | null;

  @Column({ type: "text" })
  role!: LiaisonRole;

  @Column({ type: "text", nullable: true })
  email!: string | null;

  @Column({ type: "text", nullable: true })
  phone!: string | null;

  @Column({ type: "boolean", default: true })
  active!: boolean;

  @Column({ name: "appointed_on", type: "date" })
  appointedOn!: string;

  @Column({ name: "ended_on", type: "date", nullable: true })
  endedOn!: string | null;
}

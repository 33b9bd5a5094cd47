import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import { PlanStatus } from "../schema/plan-enums";

@Entity({ name: "communication_plan" })
export class CommunicationPlanRow extends AggregateRow {
  @Column({ name: "period_year", type: "int" })
  periodYear!: number;

  /** Null for the annual plan. */
  @Column({ name: "period_month", type: "int", nullable: true })
  periodMonth!: number | null;

  @Column({ type: "text" })
  status!: PlanStatus;

  @Column({ name: "published_at", type: "timestamptz", nullable: true })
  publishedAt!: Date | null;
}

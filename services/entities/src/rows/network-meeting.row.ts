import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";

export interface AgendaItemValue {
  position: number;
  title: string;
  presenterId: string | null;
  entityId: string | null;
}

@Entity({ name: "network_meeting" })
export class NetworkMeetingRow {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ type: "text" })
  title!: string;

  @Column({ name: "scheduled_at", type: "timestamptz" })
  scheduledAt!: Date;

  @Column({ type: "text", nullable: true })
  venue!: string | null;

  @Column({ name: "period_year", type: "int" })
  periodYear!: number;

  @Column({ name: "period_month", type: "int", nullable: true })
  periodMonth!: number | null;

  @Column({ type: "text" })
  status!: string;

  /** Ordered agenda; small and always read with the meeting, so it lives in the row. */
  @Column({ type: "jsonb", default: () => "'[]'" })
  agenda!: AgendaItemValue[];

  @Column({ name: "attendee_ids", type: "uuid", array: true, default: () => "'{}'" })
  attendeeIds!: string[];

  @Column({ type: "jsonb", default: () => "'[]'" })
  decisions!: string[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}

import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import type { MeetingStatus } from "../schema/entity-enums";

export interface AgendaItemValue {
  position: number;
  title: string;
  presenterId: string | null;
  entityId: string | null;
}

@Entity({ name: "network_meeting" })
export class NetworkMeetingRow extends AggregateRow {
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
  status!: MeetingStatus;

  /** Ordered agenda; small and always read with the meeting, so it lives in the row. */
  @Column({ type: "jsonb", default: () => "'[]'" })
  agenda!: AgendaItemValue[];

  @Column({ name: "attendee_ids", type: "uuid", array: true, default: () => "'{}'" })
  attendeeIds!: string[];

  @Column({ type: "jsonb", default: () => "'[]'" })
  decisions!: string[];
}

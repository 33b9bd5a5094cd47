import { Column, PrimaryColumn } from "typeorm";

/**
 * The columns of every projection of another service's aggregate: its id, whether it is active,
 * and the sequence of the last event applied (an older event arriving late changes nothing).
 */
export abstract class ProjectionRow {
  @PrimaryColumn("uuid")
  id!: string;

  @Column({ type: "boolean" })
  active!: boolean;

  @Column({ name: "last_sequence", type: "int" })
  lastSequence!: number;
}

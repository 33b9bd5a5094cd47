import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * What a service knows of government entities, from gcn.entities.v1: enough to check that an
 * owner, host or partner exists and is active. Names are not copied; the gateway resolves them.
 */
@Entity({ name: "entity_ref" })
export class EntityRefRow {
  @PrimaryColumn("uuid")
  id!: string;

  @Column({ type: "text" })
  code!: string;

  @Column({ type: "boolean" })
  active!: boolean;

  /** The last applied event's sequence: older events arriving late change nothing. */
  @Column({ name: "last_sequence", type: "int" })
  lastSequence!: number;
}

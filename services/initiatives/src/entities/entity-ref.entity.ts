import { Column, Entity, PrimaryColumn } from "typeorm";

/** Government entities as gcn.entities.v1 tells them: a host or partner must be known and active. */
@Entity({ name: "entity_ref" })
export class EntityRefRow {
  @PrimaryColumn("uuid")
  id!: string;

  @Column({ type: "text" })
  code!: string;

  @Column({ type: "boolean" })
  active!: boolean;

  @Column({ name: "last_sequence", type: "int" })
  lastSequence!: number;
}

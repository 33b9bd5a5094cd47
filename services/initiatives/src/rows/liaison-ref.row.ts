import { Column, Entity, PrimaryColumn } from "typeorm";

/** Liaisons as gcn.entities.v1 tells them: a session's coordinator must belong to its host. */
@Entity({ name: "liaison_ref" })
export class LiaisonRefRow {
  @PrimaryColumn("uuid")
  id!: string;

  @Column({ name: "entity_id", type: "uuid" })
  entityId!: string;

  @Column({ type: "boolean" })
  active!: boolean;

  @Column({ name: "last_sequence", type: "int" })
  lastSequence!: number;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/** Government entities as gcn.entities.v1 tells them, with the platforms they have accounts on. */
@Entity({ name: "entity_profile" })
export class EntityProfileRow {
  @PrimaryColumn("uuid")
  id!: string;

  @Column({ type: "text" })
  code!: string;

  @Column({ type: "boolean" })
  active!: boolean;

  @Column({ name: "account_platforms", type: "text", array: true })
  accountPlatforms!: string[];

  @Column({ name: "last_sequence", type: "int" })
  lastSequence!: number;
}

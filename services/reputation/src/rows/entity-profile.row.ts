import { ProjectionRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";

/** Government entities as gcn.entities.v1 tells them, with the platforms they have accounts on. */
@Entity({ name: "entity_profile" })
export class EntityProfileRow extends ProjectionRow {
  @Column({ type: "text" })
  code!: string;

  @Column({ name: "account_platforms", type: "text", array: true })
  accountPlatforms!: string[];
}

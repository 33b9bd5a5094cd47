import { ProjectionRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";

/** Liaisons as gcn.entities.v1 tells them: a session's coordinator must belong to its host. */
@Entity({ name: "liaison_ref" })
export class LiaisonRefRow extends ProjectionRow {
  @Column({ name: "entity_id", type: "uuid" })
  entityId!: string;
}

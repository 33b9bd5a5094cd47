import { ProjectionRow } from "../database/projection-row";
import { Column, Entity } from "typeorm";

/**
 * What a service knows of government entities, from gcn.entities.v1: enough to check that an
 * owner, host or partner exists and is active. Names are not copied; the gateway resolves them.
 */
@Entity({ name: "entity_ref" })
export class EntityRefRow extends ProjectionRow {
  @Column({ type: "text" })
  code!: string;
}

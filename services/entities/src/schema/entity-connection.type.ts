import { connectionTypeOf } from "@gcn/shared";
import { GovernmentEntity } from "./government-entity.type";

export const GovernmentEntityConnection = connectionTypeOf(GovernmentEntity, "GovernmentEntity");
export type GovernmentEntityConnection = InstanceType<typeof GovernmentEntityConnection>;

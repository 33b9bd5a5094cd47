import { hasRole, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { LiaisonRow } from "../rows/liaison.row";
import { LiaisonRole } from "../schema/entity-enums";
import { GovernmentEntity } from "../schema/government-entity.type";
import { Liaison } from "../schema/liaison.type";
import { entityById, liaisonById } from "../queries/entities.queries";
import { requireUuid } from "@gcn/shared";

/** Contact details are personal data: only the centre (ADMIN) and liaisons see them. */
function mayReadContactDetails(context: RequestContext): boolean {
  return hasRole(context.identity, "ADMIN", "LIAISON");
}

@Resolver((_of) => Liaison)
export class LiaisonResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_returns) => Liaison, { nullable: true })
  liaison(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return liaisonById(this.db, context).load(id);
  }

  @Query((_returns) => [Liaison])
  liaisons(
    @Arg("entityId", (_type) => ID, { nullable: true }) entityId: string | null,
    @Arg("role", (_type) => LiaisonRole, { nullable: true }) role: LiaisonRole | null,
    @Arg("includeInactive", (_type) => Boolean, { defaultValue: false, nullable: true })
    includeInactive: boolean | null,
  ) {
    const query = this.db.getRepository(LiaisonRow).createQueryBuilder("l");
    if (entityId)
      query.andWhere("l.entity_id = :entityId", { entityId: requireUuid(entityId, "entityId") });
    if (role) query.andWhere("l.role = :role", { role });
    if (!includeInactive) query.andWhere("l.active = true");
    return query.orderBy("l.full_name_ar", "ASC").addOrderBy("l.id", "ASC").limit(1000).getMany();
  }

  @FieldResolver((_type) => GovernmentEntity)
  entity(@Root() liaison: LiaisonRow, @Ctx() context: RequestContext) {
    return entityById(this.db, context).load(liaison.entityId);
  }

  @FieldResolver((_type) => String, { nullable: true })
  email(@Root() liaison: LiaisonRow, @Ctx() context: RequestContext): string | null {
    return mayReadContactDetails(context) ? liaison.email : null;
  }

  @FieldResolver((_type) => String, { nullable: true })
  phone(@Root() liaison: LiaisonRow, @Ctx() context: RequestContext): string | null {
    return mayReadContactDetails(context) ? liaison.phone : null;
  }
}

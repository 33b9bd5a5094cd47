import {
  LocaleArg,
  localized,
  LocaleOption,
  pageRequest,
  toConnection,
  foldForSearch,
  type RequestContext,
} from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { EntityFilter } from "../schema/entity.inputs";
import { GovernmentEntityConnection } from "../schema/entity-connection.type";
import { GovernmentEntity } from "../schema/government-entity.type";
import { Liaison } from "../schema/liaison.type";
import { childrenOf, entityById, liaisonsOfEntity } from "../queries/entities.queries";

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Resolver((_of) => GovernmentEntity)
export class GovernmentEntityResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_returns) => GovernmentEntity, { nullable: true })
  entity(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return entityById(this.db, context).load(id);
  }

  @Query((_returns) => GovernmentEntity, { nullable: true })
  entityByCode(@Arg("code") code: string) {
    return this.db.getRepository(GovernmentEntityRow).findOneBy({ code });
  }

  @Query((_returns) => GovernmentEntityConnection)
  async entities(
    @Arg("filter", (_type) => EntityFilter, { nullable: true }) filter: EntityFilter | null,
    @Arg("first", (_type) => Int, { nullable: true }) first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
  ) {
    const page = pageRequest(first, after);
    const query = this.db.getRepository(GovernmentEntityRow).createQueryBuilder("e");
    if (filter?.kind) query.andWhere("e.kind = :kind", { kind: filter.kind });
    if (filter?.active != null) query.andWhere("e.active = :active", { active: filter.active });
    if (filter?.search) {
      query.andWhere("e.search_text LIKE :search ESCAPE '\\'", {
        search: `%${escapeLike(foldForSearch(filter.search))}%`,
      });
    }
    const [rows, total] = await query
      .orderBy("e.code", "ASC")
      .skip(page.offset)
      .take(page.first)
      .getManyAndCount();
    return toConnection(rows, page, total);
  }

  @FieldResolver((_type) => String)
  name(
    @Root() entity: GovernmentEntityRow,
    @Ctx() context: RequestContext,
    @LocaleArg()
    locale?: LocaleOption | null,
  ): string {
    return localized(context, entity.nameAr, entity.nameEn, locale);
  }

  @FieldResolver((_type) => GovernmentEntity, { nullable: true })
  parent(@Root() entity: GovernmentEntityRow, @Ctx() context: RequestContext) {
    return entity.parentId ? entityById(this.db, context).load(entity.parentId) : null;
  }

  @FieldResolver((_type) => [GovernmentEntity])
  children(@Root() entity: GovernmentEntityRow, @Ctx() context: RequestContext) {
    return childrenOf(this.db, context).load(entity.id);
  }

  @FieldResolver((_type) => [Liaison])
  async liaisons(
    @Root() entity: GovernmentEntityRow,
    @Arg("includeInactive", (_type) => Boolean, { defaultValue: false, nullable: true })
    includeInactive: boolean | null,
    @Ctx() context: RequestContext,
  ) {
    const all = await liaisonsOfEntity(this.db, context).load(entity.id);
    return includeInactive ? all : all.filter((liaison) => liaison.active);
  }
}

import {
  LocaleArg,
  localized,
  LocaleOption,
  pageRequest,
  toConnection,
  type RequestContext,
} from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { MediaInitiativeRow } from "../rows/media-initiative.row";
import { GovernmentEntityStub } from "../schema/federated-stubs";
import { InitiativeFormat, InitiativeStatus, SessionStatus } from "../schema/initiative-enums";
import {
  InitiativeSessionConnection,
  InitiativeStats,
  MediaInitiative,
} from "../schema/initiative.types";
import { initiativeById, sessionsOfInitiative } from "../queries/initiatives.queries";

@Resolver((_of) => MediaInitiative)
export class MediaInitiativeResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Query((_returns) => MediaInitiative, { nullable: true })
  initiative(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return initiativeById(this.db, context).load(id);
  }

  @Query((_returns) => MediaInitiative, { nullable: true })
  initiativeByCode(@Arg("code") code: string) {
    return this.db.getRepository(MediaInitiativeRow).findOneBy({ code });
  }

  @Query((_returns) => [MediaInitiative])
  initiatives(
    @Arg("status", (_type) => InitiativeStatus, { nullable: true }) status: InitiativeStatus | null,
    @Arg("format", (_type) => InitiativeFormat, { nullable: true }) format: InitiativeFormat | null,
  ) {
    return this.db.getRepository(MediaInitiativeRow).find({
      where: { ...(status ? { status } : {}), ...(format ? { format } : {}) },
      order: { code: "ASC" },
    });
  }

  @FieldResolver((_type) => String)
  title(
    @Root() initiative: MediaInitiativeRow,
    @Ctx() context: RequestContext,
    @LocaleArg()
    locale?: LocaleOption | null,
  ): string {
    return localized(context, initiative.titleAr, initiative.titleEn, locale);
  }

  @FieldResolver((_type) => [GovernmentEntityStub], {
    nullable: "items",
    description: "A partner is null while the entities service cannot be reached",
  })
  partners(@Root() initiative: MediaInitiativeRow): GovernmentEntityStub[] {
    return initiative.partnerIds.map((id) => ({ id }));
  }

  @FieldResolver((_type) => InitiativeSessionConnection)
  async sessions(
    @Root() initiative: MediaInitiativeRow,
    @Arg("status", (_type) => SessionStatus, { nullable: true }) status: SessionStatus | null,
    @Arg("first", (_type) => Int, { nullable: true }) first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
    @Ctx() context: RequestContext,
  ) {
    const page = pageRequest(first, after);
    const all = await sessionsOfInitiative(this.db, context, this.timeZone).load(initiative.id);
    const matching = status ? all.filter((session) => session.status === status) : all;
    return toConnection(
      matching.slice(page.offset, page.offset + page.first),
      page,
      matching.length,
    );
  }

  @FieldResolver((_type) => InitiativeStats)
  async stats(
    @Root() initiative: MediaInitiativeRow,
    @Ctx() context: RequestContext,
  ): Promise<InitiativeStats> {
    const sessions = await sessionsOfInitiative(this.db, context, this.timeZone).load(
      initiative.id,
    );
    const held = sessions.filter((s) => s.status === "HELD" || s.status === "PUBLISHED");
    const lastHeld = held.reduce<Date | null>(
      (latest, s) => (s.heldAt && (!latest || s.heldAt > latest) ? s.heldAt : latest),
      null,
    );
    return {
      sessionsScheduled: sessions.filter((s) => s.status !== "CANCELLED").length,
      sessionsHeld: held.length,
      sessionsPublished: sessions.filter((s) => s.status === "PUBLISHED").length,
      entitiesReached: new Set(held.map((s) => s.hostEntityId)).size,
      lastHeldAt: lastHeld,
    };
  }
}

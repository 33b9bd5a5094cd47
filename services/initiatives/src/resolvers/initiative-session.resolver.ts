import { pageRequest, toConnection, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import type { InitiativeSessionRow } from "../rows/initiative-session.row";
import { GovernmentEntityStub, LiaisonStub } from "../schema/federated-stubs";
import { SessionFilter } from "../schema/initiative.inputs";
import {
  InitiativeSession,
  InitiativeSessionConnection,
  MediaInitiative,
} from "../schema/initiative.types";
import { initiativeById, sessionById, sessionQuery } from "../queries/initiatives.queries";

@Resolver((_of) => InitiativeSession)
export class InitiativeSessionResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Query((_returns) => InitiativeSession, { nullable: true })
  session(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return sessionById(this.db, context).load(id);
  }

  @Query((_returns) => InitiativeSessionConnection)
  async sessions(
    @Arg("filter", (_type) => SessionFilter, { nullable: true }) filter: SessionFilter | null,
    @Arg("first", (_type) => Int, { nullable: true }) first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, total] = await sessionQuery(this.db, filter ?? {}, this.timeZone)
      .skip(page.offset)
      .take(page.first)
      .getManyAndCount();
    return toConnection(rows, page, total);
  }

  @FieldResolver((_type) => MediaInitiative)
  initiative(@Root() session: InitiativeSessionRow, @Ctx() context: RequestContext) {
    return initiativeById(this.db, context).load(session.initiativeId);
  }

  /** References only: the gateway resolves them in the entities subgraph, batched. */
  @FieldResolver((_type) => GovernmentEntityStub, {
    nullable: true,
    description: "Null only while the entities service cannot be reached",
  })
  hostEntity(@Root() session: InitiativeSessionRow): GovernmentEntityStub {
    return { id: session.hostEntityId };
  }

  @FieldResolver((_type) => LiaisonStub, { nullable: true })
  liaison(@Root() session: InitiativeSessionRow): LiaisonStub | null {
    return session.liaisonId ? { id: session.liaisonId } : null;
  }
}

import { DateScalar, Platform, type RequestContext } from "@gcn/shared";
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { moveInitiative, proposeInitiative } from "../commands/media-initiative.commands";
import {
  cancelSession,
  markSessionHeld,
  publishSession,
  rescheduleSession,
  scheduleSession,
} from "../commands/initiative-session.commands";
import { ProposeInitiativeInput, ScheduleSessionInput } from "../schema/initiative.inputs";
import { InitiativeSession, MediaInitiative } from "../schema/initiative.types";

/** Initiatives belong to the centre (ADMIN); sessions also to the host entity's liaison. */
@Resolver()
export class InitiativeMutationsResolver {
  constructor(private readonly db: DataSource) {}

  @Authorized("ADMIN")
  @Mutation((_returns) => MediaInitiative)
  proposeInitiative(@Arg("input") input: ProposeInitiativeInput, @Ctx() context: RequestContext) {
    return proposeInitiative(this.db, context, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => MediaInitiative, { description: "PROPOSED|PAUSED -> ACTIVE" })
  launchInitiative(
    @Arg("id", (_type) => ID) id: string,
    @Arg("launchedOn", (_type) => DateScalar, { nullable: true }) launchedOn: string | null,
    @Ctx() context: RequestContext,
  ) {
    return moveInitiative(this.db, context, id, "launch", launchedOn);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => MediaInitiative, { description: "ACTIVE -> PAUSED" })
  pauseInitiative(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return moveInitiative(this.db, context, id, "pause");
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => MediaInitiative, { description: "ACTIVE|PAUSED -> CONCLUDED" })
  concludeInitiative(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return moveInitiative(this.db, context, id, "conclude");
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => InitiativeSession, {
    description: "The initiative must be ACTIVE; the host a known active entity",
  })
  scheduleSession(@Arg("input") input: ScheduleSessionInput, @Ctx() context: RequestContext) {
    return scheduleSession(this.db, context, input);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => InitiativeSession)
  rescheduleSession(
    @Arg("id", (_type) => ID) id: string,
    @Arg("scheduledAt") scheduledAt: Date,
    @Ctx() context: RequestContext,
  ) {
    return rescheduleSession(this.db, context, id, scheduledAt);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => InitiativeSession, { description: "SCHEDULED -> HELD" })
  markSessionHeld(
    @Arg("id", (_type) => ID) id: string,
    @Arg("heldAt", (_type) => Date, { nullable: true }) heldAt: Date | null,
    @Arg("notes", (_type) => String, { nullable: true }) notes: string | null,
    @Ctx() context: RequestContext,
  ) {
    return markSessionHeld(this.db, context, id, heldAt, notes);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => InitiativeSession, { description: "HELD -> PUBLISHED" })
  publishSession(
    @Arg("id", (_type) => ID) id: string,
    @Arg("url") url: string,
    @Arg("platforms", (_type) => [Platform]) platforms: Platform[],
    @Ctx() context: RequestContext,
  ) {
    return publishSession(this.db, context, id, url, platforms);
  }

  @Authorized("ADMIN", "LIAISON")
  @Mutation((_returns) => InitiativeSession, { description: "SCHEDULED -> CANCELLED" })
  cancelSession(
    @Arg("id", (_type) => ID) id: string,
    @Arg("reason") reason: string,
    @Ctx() context: RequestContext,
  ) {
    return cancelSession(this.db, context, id, reason);
  }
}

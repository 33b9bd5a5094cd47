import { DateScalar, type RequestContext } from "@gcn/shared";
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { appointLiaison } from "../commands/liaison.commands";
import { deactivateEntity } from "../commands/government-entity.commands";
import { endLiaisonAppointment } from "../commands/liaison.commands";
import {
  addAgendaItem,
  cancelMeeting,
  recordMeetingOutcome,
  scheduleMeeting,
} from "../commands/network-meeting.commands";
import { registerEntity } from "../commands/government-entity.commands";
import { updateEntity } from "../commands/government-entity.commands";
import { updateLiaison } from "../commands/liaison.commands";
import {
  AppointLiaisonInput,
  RegisterEntityInput,
  UpdateEntityInput,
  UpdateLiaisonInput,
} from "../schema/entity.inputs";
import { GovernmentEntity } from "../schema/government-entity.type";
import { Liaison } from "../schema/liaison.type";
import { AgendaItemInput, ScheduleMeetingInput } from "../schema/meeting.inputs";
import { NetworkMeeting } from "../schema/network-meeting.type";

/** The entities service's writes: all of them belong to the centre (ADMIN). */
@Resolver()
export class EntityMutationsResolver {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  @Authorized("ADMIN")
  @Mutation((_returns) => GovernmentEntity)
  registerEntity(@Arg("input") input: RegisterEntityInput, @Ctx() context: RequestContext) {
    return registerEntity(this.db, context, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => GovernmentEntity)
  updateEntity(
    @Arg("id", (_type) => ID) id: string,
    @Arg("input") input: UpdateEntityInput,
    @Ctx() context: RequestContext,
  ) {
    return updateEntity(this.db, context, id, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => GovernmentEntity)
  deactivateEntity(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return deactivateEntity(this.db, context, id);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => Liaison)
  appointLiaison(@Arg("input") input: AppointLiaisonInput, @Ctx() context: RequestContext) {
    return appointLiaison(this.db, context, input, this.timeZone);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => Liaison)
  updateLiaison(
    @Arg("id", (_type) => ID) id: string,
    @Arg("input") input: UpdateLiaisonInput,
    @Ctx() context: RequestContext,
  ) {
    return updateLiaison(this.db, context, id, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => Liaison)
  endLiaisonAppointment(
    @Arg("id", (_type) => ID) id: string,
    @Arg("endedOn", (_type) => DateScalar, { nullable: true }) endedOn: string | null,
    @Ctx() context: RequestContext,
  ) {
    return endLiaisonAppointment(this.db, context, id, endedOn, this.timeZone);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => NetworkMeeting)
  scheduleMeeting(@Arg("input") input: ScheduleMeetingInput, @Ctx() context: RequestContext) {
    return scheduleMeeting(this.db, context, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => NetworkMeeting)
  addAgendaItem(
    @Arg("meetingId", (_type) => ID) meetingId: string,
    @Arg("input") input: AgendaItemInput,
    @Ctx() context: RequestContext,
  ) {
    return addAgendaItem(this.db, context, meetingId, input);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => NetworkMeeting, { description: "Marks the meeting HELD" })
  recordMeetingOutcome(
    @Arg("meetingId", (_type) => ID) meetingId: string,
    @Arg("attendeeIds", (_type) => [ID]) attendeeIds: string[],
    @Arg("decisions", (_type) => [String]) decisions: string[],
    @Ctx() context: RequestContext,
  ) {
    return recordMeetingOutcome(this.db, context, meetingId, attendeeIds, decisions);
  }

  @Authorized("ADMIN")
  @Mutation((_returns) => NetworkMeeting)
  cancelMeeting(
    @Arg("meetingId", (_type) => ID) meetingId: string,
    @Ctx() context: RequestContext,
  ) {
    return cancelMeeting(this.db, context, meetingId);
  }
}

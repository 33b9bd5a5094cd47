import {
  AfterArg,
  changeTypeOf,
  GatewaySubscription,
  PeriodInput,
  servedByTheGateway,
} from "@gcn/shared";
import { Arg, Resolver } from "type-graphql";
import { ReputationReport } from "../schema/reputation.types";

export const ReputationReportChange = changeTypeOf(ReputationReport, "ReputationReport", "report");

/** Declared here so they are in the composed schema; the gateway serves them from the events. */
@Resolver()
export class ReputationSubscriptionsResolver {
  @GatewaySubscription(
    ReputationReportChange,
    "Each report generated or published; only `period`'s when given",
  )
  reputationReportChanged(
    @Arg("period", (_type) => PeriodInput, { nullable: true }) _period: PeriodInput | null,
    @AfterArg() _after: string | null,
  ): never {
    return servedByTheGateway();
  }
}

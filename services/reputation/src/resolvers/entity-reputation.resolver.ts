import { PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { DataSource } from "typeorm";
import { readReportScores, type ReportScores } from "../queries/report-scores.queries";
import { GovernmentEntityStub, ReputationScore } from "../schema/reputation.types";
import { scoreView } from "./reputation-report.resolver";

/** `GovernmentEntity.reputation(period)`: the entity's score in the period's report. */
@Resolver((_of) => GovernmentEntityStub)
export class EntityReputationResolver {
  constructor(private readonly db: DataSource) {}

  @FieldResolver((_type) => ReputationScore, {
    nullable: true,
    description: "From the period's latest report",
  })
  async reputation(
    @Root() entity: GovernmentEntityStub,
    @Arg("period", (_type) => PeriodInput) period: PeriodInput,
    @Ctx() context: RequestContext,
  ): Promise<ReputationScore | null> {
    // One report read per period per request, however many entities ask.
    const report = await context.loaders
      .get<string, ReportScores | null>("reportScoresForPeriod", (keys) =>
        Promise.all(
          keys.map((key) => {
            const [year, month] = key.split("-").map(Number) as [number, number];
            return readReportScores(this.db, year, month || null);
          }),
        ),
      )
      .load(`${period.year}-${period.month ?? 0}`);
    const score = report?.byEntity.get(entity.id.toLowerCase());
    return report && score ? scoreView(report.report, score) : null;
  }
}

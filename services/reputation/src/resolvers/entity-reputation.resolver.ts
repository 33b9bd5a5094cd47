import { PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { IsNull, type DataSource } from "typeorm";
import { ReputationReportRow } from "../rows/reputation-report.row";
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
      .get<string, ReputationReportRow | null>("reportForPeriod", (keys) =>
        Promise.all(
          keys.map((key) => {
            const [year, month] = key.split("-").map(Number) as [number, number];
            return this.db
              .getRepository(ReputationReportRow)
              .findOneBy({ periodYear: year, periodMonth: month || IsNull() });
          }),
        ),
      )
      .load(`${period.year}-${period.month ?? 0}`);
    const score = report?.scores.find((s) => s.entityId === entity.id.toLowerCase());
    return report && score ? scoreView(report, score) : null;
  }
}

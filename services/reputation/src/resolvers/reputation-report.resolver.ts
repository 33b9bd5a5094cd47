import { Period, PeriodInput, type RequestContext } from "@gcn/shared";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { IsNull, type DataSource } from "typeorm";
import { ReputationReportRow, type StoredScore } from "../rows/reputation-report.row";
import {
  EntityActivity,
  GovernmentEntityStub,
  Recommendation,
  ReputationReport,
  ReputationScore,
  ScoreWeights,
} from "../schema/reputation.types";
import { reportById } from "../queries/reputation-report.queries";

export function periodOf(report: Pick<ReputationReportRow, "periodYear" | "periodMonth">): Period {
  return { year: report.periodYear, month: report.periodMonth };
}

/** A score's id: its entity and period, as `<entity id>:<year>` or `<entity id>:<year>-<MM>`. */
export function scoreId(entityId: string, period: Period): string {
  const month = period.month ? `-${String(period.month).padStart(2, "0")}` : "";
  return `${entityId}:${period.year}${month}`;
}

/** The id of the weights in force (`scoreWeights`, `setScoreWeights`). */
export const CURRENT_WEIGHTS_ID = "current";

export function scoreView(
  report: Pick<ReputationReportRow, "periodYear" | "periodMonth">,
  score: StoredScore,
): ReputationScore {
  const period = periodOf(report);
  return {
    ...score,
    platforms: score.platforms ?? [],
    contributions: score.contributions
      ? { ...score.contributions, id: `score:${scoreId(score.entityId, period)}` }
      : null,
    id: scoreId(score.entityId, period),
    entity: { id: score.entityId },
    period,
  } as unknown as ReputationScore;
}

@Resolver((_of) => ReputationReport)
export class ReputationReportResolver {
  constructor(private readonly db: DataSource) {}

  @Query((_returns) => ReputationReport, { nullable: true })
  reputationReport(@Arg("id", (_type) => ID) id: string, @Ctx() context: RequestContext) {
    return reportById(this.db, context).load(id);
  }

  @Query((_returns) => ReputationReport, { nullable: true })
  reputationReportFor(@Arg("period", (_type) => PeriodInput) period: PeriodInput) {
    return this.db
      .getRepository(ReputationReportRow)
      .findOneBy({ periodYear: period.year, periodMonth: period.month ?? IsNull() });
  }

  @Query((_returns) => [ReputationReport])
  reputationReports(@Arg("year", (_type) => Int, { nullable: true }) year: number | null) {
    return this.db.getRepository(ReputationReportRow).find({
      where: year ? { periodYear: year } : {},
      order: { periodYear: "DESC", periodMonth: "DESC" },
    });
  }

  @FieldResolver((_type) => Period)
  period(@Root() report: ReputationReportRow): Period {
    return periodOf(report);
  }

  @FieldResolver((_type) => ScoreWeights, { description: "The weights this report used" })
  weights(@Root() report: ReputationReportRow): ScoreWeights {
    return { ...report.weights, id: `report:${report.id}` };
  }

  @FieldResolver((_type) => [ReputationScore], { description: "By rank" })
  scores(@Root() report: ReputationReportRow): ReputationScore[] {
    return [...report.scores]
      .sort((a, b) => a.rank - b.rank || (a.entityId < b.entityId ? -1 : 1))
      .map((s) => scoreView(report, s));
  }

  @FieldResolver((_type) => [Recommendation])
  recommendations(@Root() report: ReputationReportRow): Recommendation[] {
    return report.recommendations.map(
      (r) => ({ ...r, entity: { id: r.entityId } }) as unknown as Recommendation,
    );
  }

  @FieldResolver((_type) => [EntityActivity])
  activity(@Root() report: ReputationReportRow): EntityActivity[] {
    return report.activity.map((a) => ({
      ...a,
      entity: { id: a.entityId } as GovernmentEntityStub,
    }));
  }
}

import { rowsById, type RequestContext } from "@gcn/shared";
import { In, type DataSource } from "typeorm";
import { ReputationReportRow } from "../rows/reputation-report.row";

/** Reports by id, batched per request. */
export function reportById(db: DataSource, context: RequestContext) {
  return rowsById(context.loaders, "reportById", (ids) =>
    db.getRepository(ReputationReportRow).findBy({ id: In(ids) }),
  );
}

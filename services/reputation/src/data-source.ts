import { createDataSource } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { EntityProfileRow } from "./entities/entity-profile.entity";
import { ReputationReportRow } from "./entities/reputation-report.entity";
import { ReputationSchema1764000000400 } from "./migrations/1764000000400-reputation-schema.migration";
import { SeriesCoveringKey1764000000401 } from "./migrations/1764000000401-series-covering-key.migration";
import { SeriesMonthRollup1764000000402 } from "./migrations/1764000000402-series-month-rollup.migration";
import { NarrowSampleKey1764000000403 } from "./migrations/1764000000403-narrow-sample-key.migration";

export function createReputationDataSource(url: string): DataSource {
  return createDataSource({
    url,
    entities: [ReputationReportRow, EntityProfileRow],
    migrations: [
      ReputationSchema1764000000400,
      SeriesCoveringKey1764000000401,
      SeriesMonthRollup1764000000402,
      NarrowSampleKey1764000000403,
    ],
  });
}

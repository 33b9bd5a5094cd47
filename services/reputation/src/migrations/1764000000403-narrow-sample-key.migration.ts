import type { MigrationInterface, QueryRunner } from "typeorm";

const METRIC_COLUMNS = `followers, impressions, engagements, mentions, positive_mentions,
  negative_mentions, neutral_mentions, inquiries, responses, median_response_minutes`;

/**
 * The sample key carried the metric columns (401) so that metricSeries was an index-only scan.
 * metricSeries now reads the monthly rollup (402), and only a month's rebuild reads samples by
 * entity, so the key goes back to its three columns: every ingested sample writes a key entry
 * of about 40 bytes instead of about 110, which is less to write and to log for ingestion.
 */
export class NarrowSampleKey1764000000403 implements MigrationInterface {
  name = "NarrowSampleKey1764000000403";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_sample DROP CONSTRAINT metric_sample_pkey`);
    await q.query(
      `ALTER TABLE metric_sample ADD CONSTRAINT metric_sample_pkey PRIMARY KEY (entity_id, day, platform)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_sample DROP CONSTRAINT metric_sample_pkey`);
    await q.query(
      `ALTER TABLE metric_sample ADD CONSTRAINT metric_sample_pkey
         PRIMARY KEY (entity_id, day, platform) INCLUDE (${METRIC_COLUMNS})`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

const METRIC_COLUMNS = `followers, impressions, engagements, mentions, positive_mentions,
  negative_mentions, neutral_mentions, inquiries, responses, median_response_minutes`;

/**
 * metricSeries reads an entity's days across platforms, in day order. Samples arrive a day at a
 * time for every entity, so an entity-year (2,555 rows) lies on as many heap pages. Keyed by
 * (entity, day, platform) and carrying the metric columns, the key alone answers the series in
 * its order (an index-only scan of a few dozen pages, no sort). One platform's line reads the same
 * range and filters. The key stays the same set of columns, so the upserts' ON CONFLICT target
 * is unchanged.
 */
export class SeriesCoveringKey1764000000401 implements MigrationInterface {
  name = "SeriesCoveringKey1764000000401";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_sample DROP CONSTRAINT metric_sample_pkey`);
    await q.query(
      `ALTER TABLE metric_sample ADD CONSTRAINT metric_sample_pkey
         PRIMARY KEY (entity_id, day, platform) INCLUDE (${METRIC_COLUMNS})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_sample DROP CONSTRAINT metric_sample_pkey`);
    await q.query(
      `ALTER TABLE metric_sample ADD CONSTRAINT metric_sample_pkey PRIMARY KEY (entity_id, platform, day)`,
    );
  }
}

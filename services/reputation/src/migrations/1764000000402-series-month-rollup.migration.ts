import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * metricSeries reads a monthly rollup: per (entity, month, platform), the month's samples as one
 * compact JSON text, so an entity-year is 84 short rows (12 for one platform) instead of 2,555
 * (see metric-series.query.ts).
 *
 * Staleness is kept by the database, so no writer can forget it (the commands, the Kafka handler,
 * a bulk load, an operator's SQL): every statement that writes samples appends a change mark per
 * (entity, month) it touched, in its own transaction. Marks are only ever inserted (writers never
 * wait on each other); a rebuild deletes the marks its snapshot saw. A month with a mark is
 * rebuilt on its next read.
 */
export class SeriesMonthRollup1764000000402 implements MigrationInterface {
  name = "SeriesMonthRollup1764000000402";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metric_month_rollup (
        entity_id uuid NOT NULL,
        month date NOT NULL,
        platform text NOT NULL,
        samples text NOT NULL,
        built_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entity_id, month, platform)
      )`);
    // One mark per writing transaction and month at most: the key includes the transaction, so
    // a second statement of the same transaction adds nothing, and two writers never conflict.
    await q.query(`
      CREATE TABLE metric_month_change (
        entity_id uuid NOT NULL,
        month date NOT NULL,
        writer xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (entity_id, month, writer)
      )`);
    await q.query(`
      CREATE FUNCTION mark_metric_months() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO metric_month_change (entity_id, month)
          SELECT DISTINCT entity_id, date_trunc('month', day)::date FROM changed_samples
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // An update marks the months its rows left as well as those they are in (an operator may
    // move a sample to another day).
    await q.query(`
      CREATE FUNCTION mark_metric_months_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO metric_month_change (entity_id, month)
          SELECT DISTINCT entity_id, date_trunc('month', day)::date
            FROM (SELECT entity_id, day FROM old_samples
                  UNION ALL SELECT entity_id, day FROM changed_samples) AS moved
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // A trigger with transition tables has one event; an upsert fires the INSERT and the UPDATE
    // ones.
    await q.query(`
      CREATE TRIGGER metric_sample_marks_insert AFTER INSERT ON metric_sample
        REFERENCING NEW TABLE AS changed_samples
        FOR EACH STATEMENT EXECUTE FUNCTION mark_metric_months()`);
    await q.query(`
      CREATE TRIGGER metric_sample_marks_update AFTER UPDATE ON metric_sample
        REFERENCING OLD TABLE AS old_samples NEW TABLE AS changed_samples
        FOR EACH STATEMENT EXECUTE FUNCTION mark_metric_months_updated()`);
    await q.query(`
      CREATE TRIGGER metric_sample_marks_delete AFTER DELETE ON metric_sample
        REFERENCING OLD TABLE AS changed_samples
        FOR EACH STATEMENT EXECUTE FUNCTION mark_metric_months()`);
    await q.query(`
      CREATE FUNCTION forget_metric_months() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM metric_month_rollup;
        DELETE FROM metric_month_change;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER metric_sample_truncate AFTER TRUNCATE ON metric_sample
        FOR EACH STATEMENT EXECUTE FUNCTION forget_metric_months()`);
    // Samples stored before this migration: every month they fill starts stale.
    await q.query(`
      INSERT INTO metric_month_change (entity_id, month)
        SELECT DISTINCT entity_id, date_trunc('month', day)::date FROM metric_sample`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ["insert", "update", "delete"]) {
      await q.query(`DROP TRIGGER metric_sample_marks_${event} ON metric_sample`);
    }
    await q.query(`DROP TRIGGER metric_sample_truncate ON metric_sample`);
    await q.query(`DROP FUNCTION mark_metric_months()`);
    await q.query(`DROP FUNCTION mark_metric_months_updated()`);
    await q.query(`DROP FUNCTION forget_metric_months()`);
    await q.query(`DROP TABLE metric_month_change`);
    await q.query(`DROP TABLE metric_month_rollup`);
  }
}

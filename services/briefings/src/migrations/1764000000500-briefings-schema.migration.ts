import type { MigrationInterface, QueryRunner } from "typeorm";

/** Issued packs: one row per period, language and format, never updated once written. */
export class BriefingsSchema1764000000500 implements MigrationInterface {
  name = "BriefingsSchema1764000000500";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issued_briefing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period_year int NOT NULL,
        period_month int NOT NULL CHECK (period_month BETWEEN 1 AND 12),
        language text NOT NULL CHECK (language IN ('ar', 'en')),
        format text NOT NULL CHECK (format IN ('html', 'pdf')),
        content bytea NOT NULL,
        sha256 text NOT NULL,
        sources jsonb NOT NULL,
        issued_at timestamptz NOT NULL,
        CONSTRAINT issued_briefing_document UNIQUE (period_year, period_month, language, format)
      )`);
    // What a ministry received is fetched again byte for byte: nothing may rewrite it.
    await q.query(`
      CREATE FUNCTION issued_briefing_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'an issued briefing is never changed'; END $$`);
    await q.query(`
      CREATE TRIGGER issued_briefing_immutable BEFORE UPDATE ON issued_briefing
      FOR EACH ROW EXECUTE FUNCTION issued_briefing_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issued_briefing`);
    await q.query(`DROP FUNCTION issued_briefing_immutable()`);
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class ReputationSchema1764000000400 implements MigrationInterface {
  name = "ReputationSchema1764000000400";

  async up(q: QueryRunner): Promise<void> {
    // Keyed by (entity, platform, day): recording a key again replaces it. Millions of rows a
    // year: the key serves per-entity series (reordered and covering since 401), the day index
    // per-period aggregation.
    await q.query(`
      CREATE TABLE metric_sample (
        entity_id uuid NOT NULL,
        platform text NOT NULL,
        day date NOT NULL,
        followers bigint,
        impressions bigint,
        engagements bigint,
        mentions bigint,
        positive_mentions bigint,
        negative_mentions bigint,
        neutral_mentions bigint,
        inquiries bigint,
        responses bigint,
        median_response_minutes double precision,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entity_id, platform, day)
      )`);
    await q.query(`CREATE INDEX metric_sample_day ON metric_sample (day)`);
    await q.query(`
      CREATE TABLE score_weights (
        version serial PRIMARY KEY,
        weights jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reputation_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period_year int NOT NULL,
        period_month int,
        status text NOT NULL,
        formula_version text NOT NULL,
        weights jsonb NOT NULL,
        weights_version int,
        national_index double precision NOT NULL,
        scores jsonb NOT NULL,
        recommendations jsonb NOT NULL,
        activity jsonb NOT NULL,
        generated_at timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX reputation_report_period ON reputation_report (period_year, coalesce(period_month, 0))`,
    );
    await q.query(`
      CREATE TABLE entity_profile (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        active boolean NOT NULL,
        account_platforms text[] NOT NULL,
        last_sequence int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plan_activity (
        item_id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        year int NOT NULL,
        month int NOT NULL,
        done boolean NOT NULL,
        last_sequence int NOT NULL
      )`);
    await q.query(`CREATE INDEX plan_activity_period ON plan_activity (year, month) WHERE done`);
    await q.query(`
      CREATE TABLE session_activity (
        session_id uuid PRIMARY KEY,
        host_entity_id uuid NOT NULL,
        year int,
        month int,
        held boolean NOT NULL,
        last_sequence int NOT NULL
      )`);
    await q.query(
      `CREATE INDEX session_activity_period ON session_activity (year, month) WHERE held`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      "session_activity",
      "plan_activity",
      "entity_profile",
      "reputation_report",
      "score_weights",
      "metric_sample",
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class PlanSchema1764000000200 implements MigrationInterface {
  name = "PlanSchema1764000000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE communication_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period_year int NOT NULL,
        period_month int CHECK (period_month BETWEEN 1 AND 12),
        status text NOT NULL,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One plan per period; the annual plan has no month.
    await q.query(
      `CREATE UNIQUE INDEX communication_plan_period ON communication_plan (period_year, coalesce(period_month, 0))`,
    );
    await q.query(`
      CREATE TABLE plan_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES communication_plan (id),
        owner_id uuid NOT NULL,
        kind text NOT NULL,
        title_ar text NOT NULL,
        title_en text,
        description text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at >= starts_at),
        channels text[] NOT NULL,
        priority text NOT NULL,
        key_messages jsonb NOT NULL DEFAULT '[]',
        national_plan_tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        outcome text,
        source text NOT NULL,
        initiative_session_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX plan_item_starts ON plan_item (starts_at)`);
    await q.query(`CREATE INDEX plan_item_owner ON plan_item (owner_id, starts_at)`);
    await q.query(`CREATE INDEX plan_item_plan ON plan_item (plan_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_item`);
    await q.query(`DROP TABLE communication_plan`);
  }
}

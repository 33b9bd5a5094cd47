import type { MigrationInterface, QueryRunner } from "typeorm";

export class EntitiesSchema1764000000100 implements MigrationInterface {
  name = "EntitiesSchema1764000000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE government_entity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name_ar text NOT NULL,
        name_en text,
        kind text NOT NULL,
        parent_id uuid REFERENCES government_entity (id),
        website text,
        social_accounts jsonb NOT NULL DEFAULT '[]',
        active boolean NOT NULL DEFAULT true,
        search_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX government_entity_code ON government_entity (code)`);
    await q.query(`CREATE INDEX government_entity_parent ON government_entity (parent_id)`);
    await q.query(`
      CREATE TABLE liaison (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity_id uuid NOT NULL REFERENCES government_entity (id),
        full_name_ar text NOT NULL,
        full_name_en text,
        job_title text,
        role text NOT NULL,
        email text,
        phone text,
        active boolean NOT NULL DEFAULT true,
        appointed_on date NOT NULL,
        ended_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX liaison_entity ON liaison (entity_id)`);
    await q.query(`
      CREATE TABLE network_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        venue text,
        period_year int NOT NULL,
        period_month int,
        status text NOT NULL,
        agenda jsonb NOT NULL DEFAULT '[]',
        attendee_ids uuid[] NOT NULL DEFAULT '{}',
        decisions jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX network_meeting_period ON network_meeting (period_year, period_month)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE network_meeting`);
    await q.query(`DROP TABLE liaison`);
    await q.query(`DROP TABLE government_entity`);
  }
}

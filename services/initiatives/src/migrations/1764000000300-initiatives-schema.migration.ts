import type { MigrationInterface, QueryRunner } from "typeorm";

export class InitiativesSchema1764000000300 implements MigrationInterface {
  name = "InitiativesSchema1764000000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE media_initiative (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title_ar text NOT NULL,
        title_en text,
        description text,
        format text NOT NULL,
        status text NOT NULL,
        launched_on date,
        partner_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE initiative_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        initiative_id uuid NOT NULL REFERENCES media_initiative (id),
        host_entity_id uuid NOT NULL,
        official_name text NOT NULL,
        official_title text,
        liaison_id uuid,
        scheduled_at timestamptz NOT NULL,
        held_at timestamptz,
        topics text[] NOT NULL DEFAULT '{}',
        media_outlets text[] NOT NULL DEFAULT '{}',
        platforms text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        publication_url text,
        published_at timestamptz,
        notes text,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX initiative_session_initiative ON initiative_session (initiative_id, scheduled_at)`,
    );
    await q.query(
      `CREATE INDEX initiative_session_host ON initiative_session (host_entity_id, scheduled_at)`,
    );
    await q.query(
      `CREATE INDEX initiative_session_held ON initiative_session (held_at) WHERE held_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE liaison_ref (
        id uuid PRIMARY KEY,
        entity_id uuid NOT NULL,
        active boolean NOT NULL,
        last_sequence int NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE liaison_ref`);
    await q.query(`DROP TABLE initiative_session`);
    await q.query(`DROP TABLE media_initiative`);
  }
}

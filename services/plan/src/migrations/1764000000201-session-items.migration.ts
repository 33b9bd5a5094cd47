import type { MigrationInterface, QueryRunner } from "typeorm";

/** Items made from initiative sessions remember the last session event applied to them. */
export class SessionItems1764000000201 implements MigrationInterface {
  name = "SessionItems1764000000201";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_item ADD COLUMN source_sequence int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_item DROP COLUMN source_sequence`);
  }
}

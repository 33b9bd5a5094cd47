import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The `entity_ref` projection's table, for every service that keeps one. IF NOT EXISTS: before
 * the kit owned it, each service's first migration created the same table, and databases made
 * then already have it.
 */
export class EntityRefTable1764000000001 implements MigrationInterface {
  name = "EntityRefTable1764000000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS entity_ref (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        active boolean NOT NULL,
        last_sequence int NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE entity_ref`);
  }
}

import type { MigrationInterface, QueryRunner, DataSource, EntityManager } from "typeorm";
import { createDataSource } from "../src/database/database-setup";
import { createEnvelope, sequenceOf } from "../src/events/event-envelope";
import type { EventEnvelope } from "../src/events/event-envelope";
import { createTestDatabase } from "../src/testing/test-helpers";

/** A projection table for the event tests: one row per aggregate with the last sequence applied. */
export class TestProjection1764000000900 implements MigrationInterface {
  name = "TestProjection1764000000900";
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE projection (aggregate_id text PRIMARY KEY, last_sequence int NOT NULL, applied int NOT NULL)`,
    );
    await q.query(
      `CREATE TABLE apply_log (id bigserial PRIMARY KEY, aggregate_id text NOT NULL, sequence int NOT NULL, event_id uuid NOT NULL)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE apply_log`);
    await q.query(`DROP TABLE projection`);
  }
}

export async function createEventTestDatabase(
  prefix: string,
): Promise<{ url: string; db: DataSource }> {
  const url = await createTestDatabase(prefix);
  const db = createDataSource({
    url,
    entities: [],
    migrations: [TestProjection1764000000900],
    poolSize: 5,
  });
  await db.initialize();
  await db.runMigrations();
  return { url, db };
}

/** The test handler: logs every application and keeps the last sequence per aggregate. */
export async function applyToProjection(tx: EntityManager, event: EventEnvelope): Promise<void> {
  await tx.query(`INSERT INTO apply_log (aggregate_id, sequence, event_id) VALUES ($1, $2, $3)`, [
    event.subject,
    sequenceOf(event),
    event.id,
  ]);
  await tx.query(
    `INSERT INTO projection (aggregate_id, last_sequence, applied) VALUES ($1, $2, 1)
     ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, applied = projection.applied + 1`,
    [event.subject, sequenceOf(event)],
  );
}

/** An event of the test service's Thing aggregate, as a consumer would receive it. */
export function thingEvent(subject: string, sequence = 1): EventEnvelope {
  return createEnvelope({
    source: "/t",
    type: "gcn.testsvc.Thing.v1",
    subject,
    sequence,
    correlationId: "c",
    actor: "a",
    data: {},
  });
}

import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The outbox (Debezium-compatible columns plus seq, sequence, topic, published_at, attempts) and
 * the consumers' inbox. Every service lists this migration first in its data source.
 */
export class PlatformTables1764000000000 implements MigrationInterface {
  name = "PlatformTables1764000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        aggregatetype text NOT NULL,
        aggregateid text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        topic text NOT NULL,
        sequence bigint NOT NULL,
        seq bigserial NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(
      `CREATE UNIQUE INDEX outbox_aggregate_sequence ON outbox (aggregatetype, aggregateid, sequence)`,
    );
    await q.query(`
      CREATE TABLE processed_event (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_event`);
    await q.query(`DROP TABLE outbox`);
  }
}

/**
 * What each consumer dead-lettered, by topic, partition and offset: a rewound or redelivered
 * message that was dead-lettered already is not dead-lettered again.
 */
export class DeadLetterLog1765000000000 implements MigrationInterface {
  name = "DeadLetterLog1765000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dead_letter (
        consumer text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        reason text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, topic, partition, "offset")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letter`);
  }
}

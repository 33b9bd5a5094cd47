import { Client } from "pg";
import { Platform, type Identity } from "@gcn/shared";
import { progress, type BenchStack } from "./bench-stack";
import { forEachConcurrently, graphql } from "./load-runner";

const ADMIN: Identity = { sub: "bench-admin", roles: ["ADMIN", "INGEST"] };
/** The first seven platforms of the Platform enum: the ones collectors report most. */
export const SAMPLE_PLATFORMS = Object.values(Platform).slice(0, 7);

export interface Period {
  year: number;
  month: number;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The first row of a query, as strings. */
export async function withRows(url: string, sql: string): Promise<Record<string, string>> {
  return withClient(
    url,
    async (client) => (await client.query(sql)).rows[0] as Record<string, string>,
  );
}

export async function countRows(url: string, sql: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query(sql)).rows[0].n));
}

/**
 * Writes the loaded data's dirty pages out now (CHECKPOINT). After a bulk load of a million rows
 * PostgreSQL otherwise flushes them in the background for minutes, and the first figures
 * measured the I/O (seconds-long stalls) rather than the platform. Needs a superuser or
 * pg_checkpoint; without it the run goes on and says so.
 */
export async function settleDatabase(url: string): Promise<void> {
  await withClient(url, async (client) => {
    try {
      await client.query("CHECKPOINT");
    } catch (error) {
      progress(
        `could not CHECKPOINT after loading (${error instanceof Error ? error.message : error}); figures may include the background flush`,
      );
    }
  });
}

/** Registers `count` entities through the entities subgraph; returns their ids in order. */
export async function loadEntities(stack: BenchStack, count: number): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  await forEachConcurrently(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const code = `B${String(i + 1).padStart(4, "0")}`;
      const data = await graphql<{ registerEntity: { id: string } }>(
        stack.subgraphUrls.entities,
        `
          mutation ($input: RegisterEntityInput!) {
            registerEntity(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            code,
            nameAr: `الجهة الحكومية رقم ${i + 1}`,
            nameEn: `Government entity ${i + 1}`,
            kind: i % 3 === 0 ? "MINISTRY" : "AGENCY",
          },
        },
        stack.signed(ADMIN),
      );
      ids[i] = data.registerEntity.id;
    },
  );
  return ids;
}

/** Waits until the plan, initiatives and reputation projections know every entity. */
export async function waitForEntityProjections(stack: BenchStack, count: number): Promise<void> {
  const checks: [string, string][] = [
    [stack.databases.plan, `SELECT count(*) AS n FROM entity_ref`],
    [stack.databases.initiatives, `SELECT count(*) AS n FROM entity_ref`],
    [stack.databases.reputation, `SELECT count(*) AS n FROM entity_profile`],
  ];
  const deadline = Date.now() + 60_000;
  for (const [url, sql] of checks) {
    while ((await countRows(url, sql)) < count) {
      if (Date.now() > deadline) throw new Error(`projections did not catch up: ${sql}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** `count` plan items in the month, owners taken in turn, each within one day. */
export async function loadPlanMonth(
  stack: BenchStack,
  period: Period,
  count: number,
  owners: string[],
): Promise<void> {
  await forEachConcurrently(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const day = 1 + (i % 28);
      const hour = 5 + (i % 12);
      const startsAt = new Date(Date.UTC(period.year, period.month - 1, day, hour, 0));
      await graphql(
        stack.subgraphUrls.plan,
        `
          mutation ($input: SchedulePlanItemInput!) {
            schedulePlanItem(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            ownerId: owners[i % owners.length],
            kind: "ACTIVITY",
            titleAr: `نشاط اتصالي رقم ${i + 1}`,
            titleEn: `Communication activity ${i + 1}`,
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
            channels: [["X", "INSTAGRAM", "PRESS", "TV"][i % 4]],
            priority: "NORMAL",
          },
        },
        stack.signed(ADMIN),
      );
    },
  );
}

/** An active press-dialogue initiative with `count` sessions in the month, hosts in turn. */
export async function loadSessions(
  stack: BenchStack,
  period: Period,
  count: number,
  hosts: string[],
): Promise<void> {
  const url = stack.subgraphUrls.initiatives;
  const headers = stack.signed(ADMIN);
  const { proposeInitiative } = await graphql<{ proposeInitiative: { id: string } }>(
    url,
    `
      mutation ($input: ProposeInitiativeInput!) {
        proposeInitiative(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        code: "BENCH_DIALOGUE",
        titleAr: "لقاء مع مسؤول حكومي",
        format: "PRESS_DIALOGUE",
        partnerIds: [hosts[0]],
      },
    },
    headers,
  );
  await graphql(
    url,
    `
      mutation ($id: ID!) {
        launchInitiative(id: $id) {
          id
        }
      }
    `,
    { id: proposeInitiative.id },
    headers,
  );
  await forEachConcurrently(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      await graphql(
        url,
        `
          mutation ($input: ScheduleSessionInput!) {
            scheduleSession(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            initiativeId: proposeInitiative.id,
            hostEntityId: hosts[i % hosts.length],
            officialName: `مسؤول حكومي ${i + 1}`,
            scheduledAt: new Date(
              Date.UTC(period.year, period.month - 1, 1 + (i % 28), 9),
            ).toISOString(),
          },
        },
        headers,
      );
    },
  );
}

/**
 * Daily samples for every entity on seven platforms over `days` days ending on `lastDay`, written
 * with one INSERT ... SELECT (the data P6 reads; ingestion speed is P5's business).
 */
export async function loadSamples(
  stack: BenchStack,
  entityIds: string[],
  days: number,
  lastDay: string,
): Promise<number> {
  return withClient(stack.databases.reputation, async (client) => {
    const result = await client.query(
      `INSERT INTO metric_sample (entity_id, platform, day, followers, impressions, engagements,
         mentions, positive_mentions, negative_mentions, neutral_mentions, inquiries, responses,
         median_response_minutes)
       SELECT e.id, p.platform, d.day,
              10000 + e.n * 37 + d.k * 3,
              50000 + (e.n * 7919 + d.k * 104729) % 40000,
              2000 + (e.n * 31 + d.k * 17) % 1500,
              100 + (e.n + d.k) % 80,
              60 + (e.n * 3 + d.k) % 40,
              5 + (e.n + d.k * 7) % 20,
              20 + (e.n + d.k) % 15,
              30 + (e.n + d.k) % 25,
              25 + (e.n * 5 + d.k) % 25,
              30 + (e.n + d.k) % 90
       FROM unnest($1::uuid[]) WITH ORDINALITY AS e(id, n)
       CROSS JOIN unnest($2::text[]) AS p(platform)
       CROSS JOIN LATERAL (
         SELECT ($3::date - g) AS day, g AS k FROM generate_series(0, $4 - 1) AS g
       ) AS d
       ON CONFLICT DO NOTHING`,
      [entityIds, [...SAMPLE_PLATFORMS], lastDay, days],
    );
    // Vacuumed now, so autovacuum does not wake up in the middle of a measurement.
    await client.query(`VACUUM ANALYZE metric_sample`);
    return result.rowCount ?? 0;
  });
}

import { createHash } from "node:crypto";
import { dayIn, monthIn, type CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { recordMetrics } from "../commands/metric-sample.commands";
import {
  generateReport,
  previousPeriod,
  publishReport,
} from "../commands/reputation-report.commands";
import type { SampleValues } from "../domain/sample-checks";
import { EntityProfileRow } from "../rows/entity-profile.row";

const CONTEXT: CommandContext = {
  requestId: "seed-demo-metrics",
  identity: { sub: "system:seed", roles: ["ADMIN"] },
};

/** A stable pseudo-random number in [0, 1) for a key: the same demo data on every machine. */
function noise(key: string): number {
  return createHash("sha1").update(key).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** How some demo entities behave, so that each recommendation rule has a real case. */
const SHAPES: Record<
  string,
  { responseRate?: number; minutes?: number; negative?: number; engagement?: number; skip?: string }
> = {
  MOI: { responseRate: 0.4 }, // LOW_RESPONSE_RATE
  EWA: { minutes: 420 }, // SLOW_RESPONSE
  MOTT: { negative: 0.55 }, // NEGATIVE_SENTIMENT
  MOSD: { engagement: 0.004 }, // LOW_ENGAGEMENT
  LMRA: { skip: "YOUTUBE" }, // INACTIVE_PLATFORM
};

/** From the first day of two months ago to yesterday, in the network's time zone. */
function demoDays(now: Date, timeZone: string): string[] {
  const { year, month } = monthIn(now, timeZone);
  const start = new Date(Date.UTC(month <= 2 ? year - 1 : year, (month + 9) % 12, 1));
  const yesterday = dayIn(new Date(now.getTime() - 86_400_000), timeZone);
  const days: string[] = [];
  for (
    let d = start;
    d.toISOString().slice(0, 10) <= yesterday;
    d = new Date(d.getTime() + 86_400_000)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Three months of daily metrics for every demo entity on its platforms, then last month's report
 * (published) and this month's (draft). Returns how many samples it stored (0 when there are any).
 */
export async function seedDemoMetrics(
  db: DataSource,
  timeZone: string,
  entityCodes: string[],
  now = new Date(),
): Promise<number> {
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM metric_sample`)) as {
    n: number;
  }[];
  if (n > 0) return 0;
  const profiles = (await db.getRepository(EntityProfileRow).find()).filter((p) =>
    entityCodes.includes(p.code),
  );
  const missing = entityCodes.filter((code) => !profiles.some((p) => p.code === code));
  if (missing.length > 0)
    throw new Error(`The reputation service does not know ${missing.join(", ")} yet`);
  const days = demoDays(now, timeZone);
  const thisMonth = monthIn(now, timeZone);
  const samples: SampleValues[] = [];
  profiles
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .forEach((profile, index) => {
      const shape = SHAPES[profile.code] ?? {};
      for (const platform of profile.accountPlatforms) {
        if (shape.skip === platform) continue;
        const base = 4000 + index * 1500;
        days.forEach((date, d) => {
          const r = noise(`${profile.code}|${platform}|${date}`);
          const impressions = Math.round(base * (0.7 + 0.6 * r));
          const mentions = Math.round(20 + 60 * noise(`m|${profile.code}|${date}|${platform}`));
          // The health ministry's sentiment turns this month (SENTIMENT_DROP).
          const negativeShare =
            shape.negative ??
            (profile.code === "MOH" &&
            date.startsWith(`${thisMonth.year}-${String(thisMonth.month).padStart(2, "0")}`)
              ? 0.5
              : 0.12);
          const positive = Math.round(mentions * Math.max(0.05, 0.6 - negativeShare));
          const negative = Math.round(mentions * negativeShare);
          const inquiries = Math.round(4 + 10 * r);
          samples.push({
            entityId: profile.id,
            platform,
            date,
            followers: Math.round((20000 + index * 5000) * (1 + 0.001 * d)),
            impressions,
            engagements: Math.round(
              impressions * (shape.engagement ?? 0.02 + 0.04 * noise(`e|${profile.code}`)),
            ),
            mentions,
            positiveMentions: positive,
            negativeMentions: negative,
            neutralMentions: Math.max(
              0,
              Math.min(mentions - positive - negative, Math.round(mentions * 0.2)),
            ),
            inquiries,
            responses: Math.round(inquiries * (shape.responseRate ?? 0.85 + 0.1 * r)),
            medianResponseMinutes: shape.minutes ?? Math.round(30 + 90 * r),
          });
        });
      }
    });
  for (let i = 0; i < samples.length; i += 10_000) {
    await recordMetrics(db, CONTEXT, samples.slice(i, i + 10_000), timeZone);
  }
  const lastMonth = previousPeriod(thisMonth);
  const published = await generateReport(db, CONTEXT, lastMonth);
  await publishReport(db, CONTEXT, published.id);
  await generateReport(db, CONTEXT, thisMonth);
  return samples.length;
}

import { readFileSync } from "node:fs";
import type { Identity } from "@gcn/shared";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { BenchStack } from "../bench-stack";
import { progress } from "../bench-stack";
import { forEachConcurrently, graphql } from "../load-runner";
import { cpuSeconds } from "../process-usage";
import { percentile, round, type BenchSize, type FigureResult } from "./figure";

const ADMIN: Identity = { sub: "bench-admin", roles: ["ADMIN"] };
const RATE = 20;
/** The month half the subscribers watch; no other figure writes to it. */
const MONTH = { year: 2025, month: 9 };
const ITEMS = 100;

// Both documents select the same change, with one federated field (the owner's name, from the
// entities subgraph): the screens differ in what they watch, not in what they show.
const CHANGE = `id time item { id titleEn owner { id name } }`;
const DOCUMENTS = {
  month: `subscription($period: PeriodInput!) { planItemChanged(period: $period) { ${CHANGE} } }`,
  owner: `subscription($ownerId: ID!) { planItemChanged(ownerId: $ownerId) { ${CHANGE} } }`,
};

interface Subscriber {
  client: Client;
  /** The owner it watches, or undefined for the month. */
  ownerId?: string;
  received: Set<string>;
}

/** The gateway's subgraph fetches so far, from its own /metrics. */
async function subgraphFetches(stack: BenchStack): Promise<number> {
  const text = await (await fetch(new URL("/metrics", stack.gatewayUrl))).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("gcn_gateway_subgraph_fetch_duration_seconds_count"))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** A process's CPU time (user + system) in ms and its resident memory in MiB, from /proc. */
function processUsage(pid: number): { cpuMs: number; rssMiB: number } {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpuMs: cpuSeconds(pid) * 1000, rssMiB: round(Number(rss?.[1] ?? 0) / 1024, 0) };
}

async function scheduleItems(stack: BenchStack, owners: string[]) {
  const items: { id: string; ownerId: string }[] = [];
  await forEachConcurrently(
    Array.from({ length: ITEMS }, (_, i) => i),
    8,
    async (i) => {
      const startsAt = new Date(Date.UTC(MONTH.year, MONTH.month - 1, 1 + (i % 28), 6 + (i % 10)));
      const ownerId = owners[i % owners.length]!;
      const result = await graphql<{ schedulePlanItem: { id: string } }>(
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
            ownerId,
            kind: "EVENT",
            titleAr: `فعالية مباشرة ${i + 1}`,
            titleEn: `Live event ${i + 1}`,
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
            channels: ["PRESS"],
            priority: "NORMAL",
          },
        },
        stack.signed(ADMIN),
      );
      items[i] = { id: result.schedulePlanItem.id, ownerId };
    },
  );
  return items;
}

/**
 * P8: `size.subscribers` WebSocket subscribers on the one gateway, half on one month and the
 * rest on single owners, while plan items of that month change 20 times a second. For each
 * delivery, from the change's recorded time (its envelope, written in the command's transaction)
 * to its arrival at the subscriber; every subscriber's deliveries checked against the changes it
 * should have had; the gateway's subgraph fetches per change, CPU and memory from outside it.
 */
export async function measureSubscriptionFanout(
  stack: BenchStack,
  size: BenchSize,
  entityIds: string[],
): Promise<FigureResult> {
  const items = await scheduleItems(stack, entityIds.slice(0, ITEMS));
  const url = stack.gatewayUrl.replace(/^http/, "ws");
  const latencies: number[] = [];
  const subscribers: Subscriber[] = [];
  progress(`P8: connecting ${size.subscribers} WebSocket subscribers`);
  await forEachConcurrently(
    Array.from({ length: size.subscribers }, (_, i) => i),
    20,
    async (i) => {
      // Each screen signs in as its own user: the per-token limit counts a subject's subscriptions.
      const token = await stack.token(["ANALYST"], `bench-screen-${i}`);
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: false,
      });
      await new Promise<void>((resolve, reject) => {
        const off = client.on("connected", () => (off(), resolve()));
        client.on("error", reject);
      });
      const ownerId = i % 2 === 0 ? undefined : items[i % ITEMS]!.ownerId;
      const subscriber: Subscriber = { client, ownerId, received: new Set() };
      client.subscribe(
        ownerId
          ? { query: DOCUMENTS.owner, variables: { ownerId } }
          : { query: DOCUMENTS.month, variables: { period: MONTH } },
        {
          next: (result) => {
            const arrived = Date.now();
            const change = (result.data as { planItemChanged?: { id: string; time: string } })
              ?.planItemChanged;
            if (!change) return;
            latencies.push(arrived - Date.parse(change.time));
            subscriber.received.add(change.id);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      subscribers.push(subscriber);
    },
  );
  // graphql-ws does not acknowledge a subscribe: give the gateway a moment to open them all.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // One change first, outside the measurement: the gateway plans the record's query once, and
  // every subscriber is known to be live once it has had that change.
  await graphql(
    stack.subgraphUrls.plan,
    `
      mutation ($id: ID!) {
        updatePlanItem(id: $id, input: { titleEn: "Live event, warm-up" }) {
          id
        }
      }
    `,
    { id: items[0]!.id },
    stack.signed(ADMIN),
  );
  const warmed = subscribers.filter((s) => !s.ownerId || s.ownerId === items[0]!.ownerId);
  const warmDeadline = Date.now() + 20_000;
  while (warmed.some((s) => s.received.size === 0) && Date.now() < warmDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (warmed.some((s) => s.received.size === 0)) {
    throw new Error("not every subscriber had the warm-up change within 20 s");
  }
  latencies.length = 0;
  for (const subscriber of subscribers) subscriber.received.clear();

  const fetchesBefore = await subgraphFetches(stack);
  const usageBefore = processUsage(stack.gatewayPid);
  // The subscribers' own side (this process) shares the machine: its CPU is printed too.
  const clientBefore = process.cpuUsage();
  const total = RATE * size.subscriptionSeconds;
  const changedItems: number[] = [];
  const begin = Date.now();
  let sent = 0;
  const writes: Promise<void>[] = [];
  progress(`P8: ${total} changes at ${RATE}/s`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - begin) / 1000) * RATE));
      while (sent < due) {
        const n = sent++;
        const item = n % ITEMS;
        changedItems.push(item);
        writes.push(
          graphql(
            stack.subgraphUrls.plan,
            `
              mutation ($id: ID!, $input: UpdatePlanItemInput!) {
                updatePlanItem(id: $id, input: $input) {
                  id
                }
              }
            `,
            { id: items[item]!.id, input: { titleEn: `Live event, revision ${n}` } },
            stack.signed(ADMIN),
          ).then(() => undefined),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await Promise.all(writes);
  const changesOf = (ownerId: string | undefined) =>
    ownerId
      ? changedItems.filter((item) => items[item]!.ownerId === ownerId).length
      : changedItems.length;
  const expected = subscribers.reduce((sum, s) => sum + changesOf(s.ownerId), 0);
  const deadline = Date.now() + 30_000;
  const delivered = () => subscribers.reduce((sum, s) => sum + s.received.size, 0);
  while (delivered() < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const usageAfter = processUsage(stack.gatewayPid);
  const client = process.cpuUsage(clientBefore);
  const clientCpuMs = round((client.user + client.system) / 1000, 0);
  const fetches = (await subgraphFetches(stack)) - fetchesBefore;
  await Promise.all(subscribers.map((subscriber) => subscriber.client.dispose()));

  const missed = subscribers.filter((s) => s.received.size < changesOf(s.ownerId)).length;
  const deliveries = delivered();
  latencies.sort((a, b) => a - b);
  const p50 = round(percentile(latencies, 50), 1);
  const p99 = round(percentile(latencies, 99), 1);
  const fetchesPerChange = round(fetches / total, 2);
  const documents = Object.keys(DOCUMENTS).length;
  const cpuPerThousand = round(((usageAfter.cpuMs - usageBefore.cpuMs) / deliveries) * 1000, 0);
  return {
    id: "P8",
    what: `subscription fan-out: ${size.subscribers} WebSocket subscribers, ${RATE} changes/s for ${size.subscriptionSeconds} s`,
    measured:
      `commit -> received p50 ${p50} ms, p99 ${p99} ms; ${deliveries} of ${expected} deliveries, ` +
      `${missed} subscribers missed a change; ${fetchesPerChange} subgraph fetches per change ` +
      `(${documents} documents); gateway ${cpuPerThousand} ms CPU per 1,000 deliveries, ` +
      `RSS ${usageAfter.rssMiB} MiB`,
    bar: `p50 <= 50 ms, p99 <= 250 ms, none missed, fetches per change <= ${documents}`,
    pass:
      p50 <= 50 &&
      p99 <= 250 &&
      missed === 0 &&
      deliveries === expected &&
      fetchesPerChange <= documents,
    details: {
      subscribers: size.subscribers,
      changes: total,
      deliveries,
      expected,
      missed,
      p50,
      p99,
      max: latencies.at(-1),
      subgraphFetches: fetches,
      fetchesPerChange,
      documents,
      gatewayCpuMs: usageAfter.cpuMs - usageBefore.cpuMs,
      gatewayCpuMsPerThousandDeliveries: cpuPerThousand,
      gatewayRssMiBBefore: usageBefore.rssMiB,
      gatewayRssMiB: usageAfter.rssMiB,
      subscribersCpuMs: clientCpuMs,
    },
  };
}

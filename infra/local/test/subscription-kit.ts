import { createClient as createSseClient } from "graphql-sse";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { Role } from "@gcn/shared";
import type { TestPlatform } from "./platform-test-kit";

export interface Change {
  id: string;
  type: string;
  cursor: string;
  [record: string]: unknown;
}

export interface Received {
  data?: Record<string, Change>;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cursor?: string };
}

/** A graphql-ws client on the platform's gateway, signed in with `roles`. */
export async function wsClientOf(
  platform: TestPlatform,
  roles: Role[] | undefined,
  entityId?: string,
): Promise<Client> {
  const token = roles ? await platform.token(roles, entityId) : undefined;
  return createClient({
    url: platform.gatewayUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** A graphql-sse client (distinct connections mode) on the platform's gateway. */
export async function sseClientOf(platform: TestPlatform, roles: Role[], entityId?: string) {
  const token = await platform.token(roles, entityId);
  return createSseClient({
    url: platform.gatewayUrl,
    headers: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/**
 * A subscription's results as they come; `next(n)` waits for n more (failing after `timeoutMs`),
 * `stop()` unsubscribes.
 */
export function subscribed(
  subscribe: (sink: {
    next: (value: unknown) => void;
    error: (error: unknown) => void;
    complete: () => void;
  }) => () => void,
) {
  const results: Received[] = [];
  let failure: unknown;
  let completed = false;
  let waiter: (() => void) | undefined;
  const stop = subscribe({
    next: (value) => {
      results.push(value as Received);
      waiter?.();
    },
    error: (error) => {
      failure = error;
      waiter?.();
    },
    complete: () => {
      completed = true;
      waiter?.();
    },
  });
  let taken = 0;
  return {
    results,
    get failure() {
      return failure;
    },
    get completed() {
      return completed;
    },
    stop,
    async next(count = 1, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (results.length < taken + count) {
        if (failure || completed) break;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `waited ${timeoutMs} ms for ${count} results; had ${results.length - taken}`,
          );
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, Math.min(left, 200));
        });
        waiter = undefined;
      }
      const batch = results.slice(taken, taken + count);
      taken += batch.length;
      return batch;
    },
    /** Waits `ms` and returns what came meanwhile (to show that nothing did). */
    async during(ms: number): Promise<Received[]> {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const batch = results.slice(taken);
      taken = results.length;
      return batch;
    },
  };
}

/** One change as a drill's subscriber keeps it. */
export interface KeptChange {
  id: string;
  sequence: string;
  cursor: string;
  aggregateId: string;
}

/**
 * A subscriber as a front end would run one across gateway restarts: when its connection is
 * lost it connects again (to whichever replica `url()` names then) and resumes with the cursor
 * of the last change it received. `field` is the subscription's root field; the selection must
 * include `id sequence cursor` and the record's `id` under `record`.
 */
export function resumingSubscriber(options: {
  url: () => string;
  token: string;
  query: string;
  field: string;
  record: string;
}) {
  const kept: KeptChange[] = [];
  const errors: unknown[] = [];
  let cursor: string | undefined;
  let reconnects = 0;
  let client: Client | undefined;
  let stopped = false;
  const connect = () => {
    const current = createClient({
      url: options.url(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${options.token}` },
      retryAttempts: 0,
    });
    client = current;
    current.subscribe(
      { query: options.query, variables: { after: cursor ?? null } },
      {
        next: (result) => {
          if (result.errors) return void errors.push(result.errors);
          const change = (result.data as Record<string, Change>)[options.field]!;
          const record = change[options.record] as { id: string } | null;
          kept.push({
            id: change.id,
            sequence: change.sequence as string,
            cursor: change.cursor,
            aggregateId: record?.id ?? "",
          });
          cursor = change.cursor;
        },
        error: () => {
          void current.dispose();
          if (stopped) return;
          reconnects++;
          // Clients spread their reconnects rather than all arriving at once.
          setTimeout(connect, 100 + Math.random() * 400);
        },
        complete: () => undefined,
      },
    );
  };
  connect();
  return {
    kept,
    errors,
    get reconnects() {
      return reconnects;
    },
    async stop() {
      stopped = true;
      await client?.dispose();
    },
  };
}

/**
 * What is wrong with what a subscriber kept, against the event ids it should have had: changes
 * missing, had twice, or out of their aggregate's order. Empty when it had each once, in order.
 */
export function keptProblems(kept: KeptChange[], expected: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const lastSequence = new Map<string, string>();
  for (const change of kept) {
    if (seen.has(change.id)) problems.push(`had ${change.id} twice`);
    seen.add(change.id);
    if (!expected.has(change.id)) problems.push(`had ${change.id}, which it should not`);
    const last = lastSequence.get(change.aggregateId);
    // Sequences are zero-padded strings (the CloudEvents Sequence extension): text order.
    if (last !== undefined && change.sequence <= last) {
      problems.push(`${change.aggregateId}: ${change.sequence} after ${last}`);
    }
    lastSequence.set(change.aggregateId, change.sequence);
  }
  const missing = [...expected].filter((id) => !seen.has(id));
  if (missing.length > 0) problems.push(`missed ${missing.length}, e.g. ${missing[0]}`);
  return problems;
}

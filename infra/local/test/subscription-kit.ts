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

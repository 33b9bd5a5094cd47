import type { EnvReader } from "./env-reader";

/**
 * Test-only fault injection for the fault drills (`npm run test:faults`): places a real failure
 * where no outside action can reach. Production (NODE_ENV=production) refuses every one.
 */
export interface FaultPoints {
  /** GCN_FAULT_FAIL_BEFORE_COMMIT_EVERY=N: every Nth event recorded fails after its row is written, before commit. */
  failBeforeCommitEvery?: number;
  /** GCN_FAULT_RELAY_EXIT_AFTER_SENDS=N: the process exits after the relay's Nth acknowledged batch, before marking it. */
  relayExitAfterSends?: number;
}

const VARIABLES = {
  failBeforeCommitEvery: "GCN_FAULT_FAIL_BEFORE_COMMIT_EVERY",
  relayExitAfterSends: "GCN_FAULT_RELAY_EXIT_AFTER_SENDS",
} as const;

export function readFaultPoints(env: EnvReader, production: boolean): FaultPoints {
  const points: FaultPoints = {};
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof FaultPoints, string][]) {
    if (env.optional(variable) === undefined) continue;
    if (production) {
      throw new Error(
        `Invalid configuration: ${variable} is a test-only fault and production refuses it`,
      );
    }
    points[key] = env.int(variable, 0, { min: 1, max: 1_000_000 });
  }
  return points;
}

/** The process's active fault points (the embedded launcher's services share them). */
let active: FaultPoints = {};
const recorded = new Map<string, number>();

export function installFaultPoints(points: FaultPoints): void {
  active = { ...active, ...points };
}

export function clearFaultPoints(): void {
  active = {};
  recorded.clear();
}

export class InjectedFault extends Error {}

/** Called by recordEvent after the outbox row is written: fails every Nth event of a source. */
export function faultBeforeCommit(source: string): void {
  const every = active.failBeforeCommitEvery;
  if (!every) return;
  const count = (recorded.get(source) ?? 0) + 1;
  recorded.set(source, count);
  if (count % every === 0) {
    throw new InjectedFault(`injected fault: event ${count} of ${source} fails before commit`);
  }
}

/** Called by the relay after a batch is acknowledged and before it is marked published. */
export function faultAfterRelaySend(sends: number): void {
  const after = active.relayExitAfterSends;
  if (after && sends >= after) {
    process.stderr.write(`injected fault: the relay dies after send ${sends}, before marking\n`);
    process.exit(137);
  }
}

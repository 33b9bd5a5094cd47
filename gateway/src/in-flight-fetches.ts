import type { CancelSignal } from "./cancel-signal";

/** A call several callers wait on; aborted when the last of them has gone. */
interface SharedCall<T> {
  readonly result: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Thrown to a caller whose client hung up: to a waiter whose own signal aborted (the others go
 * on), and by the planned path for a request whose calls were dropped (nothing is answered).
 */
export class WaiterGoneError extends Error {
  constructor() {
    super("aborted: the caller went away");
    this.name = "AbortError";
  }
}

/**
 * In-flight deduplication: callers asking for the same key while a call for it is running wait
 * on that call instead of starting their own. Nothing is kept once a call settles: a caller
 * only ever shares a call that was running while it asked (no cache of answers).
 * A waiter that goes away stops waiting without touching the others; the call itself is
 * cancelled only when nobody is left waiting for it.
 */
export class InFlightFetches<T> {
  private readonly calls = new Map<string, SharedCall<T>>();

  /** Whether a call for `key` is running now. */
  has(key: string): boolean {
    return this.calls.has(key);
  }

  /**
   * The result of the call for `key`: the running one when there is one (`shared`), else a new
   * one started with `start`. `signal` is this caller's own (its client connection).
   */
  join(
    key: string,
    start: (signal: AbortSignal) => Promise<T>,
    signal?: CancelSignal,
  ): { result: Promise<T>; shared: boolean } {
    let call = this.calls.get(key);
    const shared = call !== undefined;
    if (!call) {
      const controller = new AbortController();
      const result = start(controller.signal);
      const started: SharedCall<T> = { result, controller, waiters: 0 };
      const forget = () => {
        if (this.calls.get(key) === started) this.calls.delete(key);
      };
      result.then(forget, forget);
      this.calls.set(key, started);
      call = started;
    }
    call.waiters++;
    return { result: this.wait(key, call, signal), shared };
  }

  private wait(key: string, call: SharedCall<T>, signal: CancelSignal | undefined): Promise<T> {
    if (!signal) return call.result;
    if (signal.aborted) {
      this.leave(key, call);
      return Promise.reject(new WaiterGoneError());
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.leave(key, call);
        reject(new WaiterGoneError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      call.result.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  /** One waiter fewer; the last one out cancels the call and lets later callers start afresh. */
  private leave(key: string, call: SharedCall<T>): void {
    call.waiters--;
    if (call.waiters > 0) return;
    if (this.calls.get(key) === call) this.calls.delete(key);
    call.controller.abort();
    // Nobody reads the cancelled call's rejection.
    call.result.catch(() => undefined);
  }
}

import type { ServerResponse } from "node:http";

/**
 * What the gateway's waits listen to for a cancellation: the part of AbortSignal they use. An
 * AbortSignal is one; so is a client's hang-up (below), which costs a request far less than an
 * AbortController (an EventTarget) made for every request.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Cancels once, when the client hangs up before its answer is written. */
class ClientHangUp implements CancelSignal {
  aborted = false;
  private listeners?: (() => void)[];

  constructor(res: ServerResponse) {
    // A response closes once (`on`: `once` wraps and removes the listener, for nothing).
    res.on("close", () => {
      if (!res.writableFinished) this.abort();
    });
  }

  addEventListener(_type: "abort", listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.listeners!.splice(index, 1);
  }

  private abort(): void {
    this.aborted = true;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    // Each listener hears it once, as with `{ once: true }` on an AbortSignal.
    for (const listener of listeners) listener();
  }
}

/** Cancels when the client hangs up before its answer is written. */
export function hangUpSignalOf(res: ServerResponse): CancelSignal {
  return new ClientHangUp(res);
}

/**
 * Work done once per event for all the subscribers who need it alike (a changed record's read, a
 * change's result), kept while the subscribers of that event are served and then forgotten: an
 * entry lives between one and two periods of `keepMs / 2`, without a timer of its own.
 */
export class SharedWork {
  private current = new Map<string, Map<string, unknown>>();
  private previous = new Map<string, Map<string, unknown>>();
  private readonly timer: NodeJS.Timeout;

  constructor(keepMs = 30_000) {
    this.timer = setInterval(() => {
      this.previous = this.current;
      this.current = new Map();
    }, keepMs / 2).unref();
  }

  /**
   * What was made for `eventId` under `key`, or what `make` returns, kept for the others. Two
   * keys rather than one joined string: each is a string made once (the event's id, a
   * subscription's key), whose hash the engine keeps, where a joined one is hashed anew for
   * every subscriber of every event.
   */
  once<T>(eventId: string, key: string, make: () => T): T {
    let made = this.current.get(eventId);
    if (!made) {
      made = this.previous.get(eventId) ?? new Map<string, unknown>();
      this.current.set(eventId, made);
    }
    if (made.has(key)) return made.get(key) as T;
    const value = make();
    made.set(key, value);
    return value;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

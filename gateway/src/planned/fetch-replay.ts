import type { SubgraphHttpResponse } from "../subgraph-http-client";

/**
 * The subgraph calls one request has made, kept as their raw HTTP answers (or failures) for as
 * long as the request runs. When the planned path hands a request over to Apollo's executor
 * (a subgraph failed or answered errors), that run takes these instead of calling again: a
 * failure is answered at once rather than after a second timeout, and nothing is asked twice.
 */
export class FetchReplay {
  private readonly calls = new Map<string, Promise<SubgraphHttpResponse>>();

  record(serviceName: string, body: string, call: Promise<SubgraphHttpResponse>): void {
    // A failure is read by whoever takes it; until then it must not count as unhandled.
    call.catch(() => undefined);
    this.calls.set(`${serviceName}\n${body}`, call);
  }

  /** The call already made with this body, once. */
  take(serviceName: string, body: string): Promise<SubgraphHttpResponse> | undefined {
    const key = `${serviceName}\n${body}`;
    const call = this.calls.get(key);
    if (call) this.calls.delete(key);
    return call;
  }
}

import type { SubgraphHttpResponse } from "../subgraph-http-client";

/**
 * The subgraph calls one request has made, kept as their raw HTTP answers (or failures) for as
 * long as the request runs. When the planned path hands a request over to Apollo's executor
 * (a subgraph failed or answered errors), that run takes these instead of calling again: a
 * failure is answered at once rather than after a second timeout, and nothing is asked twice.
 */
export class FetchReplay {
  // A list, not a map: a request makes a handful of calls, and a map would hash every body.
  private readonly calls: {
    serviceName: string;
    body: string;
    call: Promise<SubgraphHttpResponse>;
  }[] = [];

  record(serviceName: string, body: string, call: Promise<SubgraphHttpResponse>): void {
    // A failure is read by whoever takes it; until then it must not count as unhandled.
    call.catch(() => undefined);
    this.calls.push({ serviceName, body, call });
  }

  /** The call already made with this body, once. */
  take(serviceName: string, body: string): Promise<SubgraphHttpResponse> | undefined {
    const index = this.calls.findIndex(
      (made) => made.serviceName === serviceName && made.body === body,
    );
    if (index < 0) return undefined;
    return this.calls.splice(index, 1)[0]!.call;
  }
}

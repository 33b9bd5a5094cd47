import { isJsonContentType, type SubgraphHttpResponse } from "../subgraph-http-client";
import type { DeduplicatedFetch } from "./plan-executor";

/**
 * Thrown by a replayed call that Apollo's executor must make again itself: a fetch sent with
 * its distinct representations only, answered with errors (their paths count the distinct
 * representations, not Apollo's).
 */
export class ReplayMiss extends Error {}

interface MadeCall {
  serviceName: string;
  body: string;
  call: Promise<SubgraphHttpResponse>;
  deduplicated?: DeduplicatedFetch;
}

/**
 * A deduplicated entity fetch's answer as Apollo's executor would have had it: one entity per
 * representation it would have sent. A failure stays the failure it was (it did not depend on
 * the representations); an answer with errors is a miss.
 */
async function expanded(made: MadeCall): Promise<SubgraphHttpResponse> {
  const response = await made.call;
  const success = response.status >= 200 && response.status < 300;
  if (!success || !isJsonContentType(response.contentType)) return response;
  let answer: { data?: { _entities?: unknown }; errors?: unknown[] } | null;
  try {
    answer = JSON.parse(response.body.toString("utf8")) as typeof answer;
  } catch {
    return response;
  }
  const entities = answer?.data?._entities;
  if (answer?.errors?.length || !Array.isArray(entities)) throw new ReplayMiss();
  const indices = made.deduplicated!.indices;
  const all = indices.map((index) => entities[index] as unknown);
  return {
    ...response,
    body: Buffer.from(JSON.stringify({ ...answer!, data: { ...answer!.data, _entities: all } })),
  };
}

/**
 * The subgraph calls one request has made, kept as their raw HTTP answers (or failures) for as
 * long as the request runs. When the planned path hands a request over to Apollo's executor
 * (a subgraph failed or answered errors), that run takes these instead of calling again: a
 * failure is answered at once rather than after a second timeout, and nothing is asked twice.
 */
export class FetchReplay {
  // A list, not a map: a request makes a handful of calls, and a map would hash every body.
  private readonly calls: MadeCall[] = [];

  record(
    serviceName: string,
    body: string,
    call: Promise<SubgraphHttpResponse>,
    deduplicated?: DeduplicatedFetch,
  ): void {
    // A failure is read by whoever takes it; until then it must not count as unhandled.
    call.catch(() => undefined);
    this.calls.push({ serviceName, body, call, deduplicated });
  }

  /**
   * The call already made for the request Apollo's executor would send with this body, once
   * (a deduplicated fetch is matched by the body Apollo would have sent for it).
   */
  take(serviceName: string, body: string): Promise<SubgraphHttpResponse> | undefined {
    const index = this.calls.findIndex(
      (made) =>
        made.serviceName === serviceName &&
        (made.body === body || made.deduplicated?.apolloBody() === body),
    );
    if (index < 0) return undefined;
    const made = this.calls.splice(index, 1)[0]!;
    return made.body === body ? made.call : expanded(made);
  }
}

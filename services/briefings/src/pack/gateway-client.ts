import { coded, TemporarilyUnavailableError } from "@gcn/shared";
import type { GraphQLError } from "graphql";
import {
  briefingQuery,
  briefingVariables,
  partsOf,
  type BriefingPart,
  type BriefingData,
  type GraphQLErrorData,
  type PeriodValue,
} from "./briefing-query";

export interface BriefingAnswer {
  data: BriefingData;
  errors: GraphQLErrorData[];
}

/** The reader's refusal by the gateway (401, 403, 400), passed on with the gateway's status. */
export class GatewayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorData[],
  ) {
    super(errors[0]?.message ?? `the gateway answered ${status}`);
  }

  toGraphQLError(): GraphQLError {
    return coded(
      (this.errors[0]?.extensions?.code as "UNAUTHENTICATED") ?? "BAD_REQUEST",
      this.message,
    );
  }
}

/**
 * The pack's one query, sent to the gateway with the reader's (or the issuer's) token: the
 * briefings are a client of the one endpoint like any front end. A gateway that cannot be
 * reached, or answers 502-504, is TemporarilyUnavailable (an issuing event retries it).
 */
export class GatewayClient {
  constructor(
    private url: string,
    private readonly timeoutMs: number,
  ) {}

  setUrl(url: string): void {
    this.url = url;
  }

  get endpoint(): string {
    return this.url;
  }

  /**
   * The pack's data. When a subgraph is down and a non-null field of its nulls the whole answer,
   * asks once more without that subgraph's parts (they are null in the answer, and the errors
   * name the subgraph, so the pack says what is missing).
   */
  async briefingData(
    period: PeriodValue,
    authorization: string,
    requestId?: string,
  ): Promise<BriefingAnswer> {
    const first = await this.send(period, authorization, requestId, []);
    if (first.data) return { data: first.data, errors: first.errors };
    const down = new Set(first.errors.flatMap((e) => e.extensions?.serviceName ?? []));
    const without = partsOf(down);
    if (without.length === 0) {
      throw new TemporarilyUnavailableError(
        `the gateway answered without data: ${first.errors[0]?.message ?? "no body"}`,
      );
    }
    const second = await this.send(period, authorization, requestId, without);
    if (!second.data) {
      throw new TemporarilyUnavailableError(
        `the gateway answered without data: ${second.errors[0]?.message ?? "no body"}`,
      );
    }
    const data = { ...second.data };
    for (const part of without) (data as Record<string, unknown>)[part] = null;
    return { data, errors: [...first.errors, ...second.errors] };
  }

  private async send(
    period: PeriodValue,
    authorization: string,
    requestId: string | undefined,
    without: BriefingPart[],
  ): Promise<{ data: BriefingData | null; errors: GraphQLErrorData[] }> {
    const query = briefingQuery(without);
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          authorization,
          ...(requestId ? { "x-request-id": requestId } : {}),
        },
        body: JSON.stringify({
          operationName: "BriefingPack",
          query,
          variables: briefingVariables(period, query),
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TemporarilyUnavailableError(
        `the gateway at ${this.url} could not be reached: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
      );
    }
    const body = (await response.json().catch(() => null)) as {
      data?: BriefingData | null;
      errors?: GraphQLErrorData[];
    } | null;
    if (response.status >= 502 && response.status <= 504) {
      throw new TemporarilyUnavailableError(`the gateway answered ${response.status}`);
    }
    if (!body?.data && response.status >= 400 && response.status < 500) {
      throw new GatewayRefusal(response.status, body?.errors ?? []);
    }
    if (!body) throw new TemporarilyUnavailableError(`the gateway answered ${response.status}`);
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }
}

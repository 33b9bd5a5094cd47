import { createHash } from "node:crypto";
import { coded, type Identity, type Logger } from "@gcn/shared";
import {
  parse,
  specifiedRules,
  validate,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { armorValidationRules, parseOptionsFor } from "../query-limits";
import { decodeCursor } from "./change-cursor";
import { changeStream, type RecordReader } from "./change-stream";
import { SharedWork } from "./shared-work";
import type { EventFeed } from "./event-feed";
import { planSubscription, type SubscriptionPlan } from "./subscription-plan";

export interface SubscriptionLimits {
  /** Subscriptions one connection (WebSocket or SSE stream) may hold at once. */
  perConnection: number;
  /** Subscriptions one token's subject may hold at once on this replica. */
  perSubject: number;
  /** Changes waiting for a subscriber that does not read, before it is cut off. */
  maxBehind: number;
}

export interface SubscriptionServiceOptions {
  /** Undefined for a gateway with neither Kafka nor the embedded transport: no events to serve. */
  feed: EventFeed | undefined;
  /** The gateway's current API schema (it follows supergraph reloads). */
  schema: () => GraphQLSchema | undefined;
  /** Runs a query through the gateway's own planning as `identity` would. */
  execute: (
    query: string,
    variables: Record<string, unknown>,
    identity: Identity,
  ) => Promise<{
    data?: Record<string, unknown> | null;
    errors?: readonly GraphQLFormattedError[];
  }>;
  timeZone: string;
  limits: SubscriptionLimits;
  logger: Logger;
}

export interface SubscriberIdentity {
  identity: Identity;
  /** When the token expires (ms since the epoch), if it does. */
  expiresAt?: number;
}

export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** What all subscribers with one visibility see alike: field rules depend on roles and entity. */
const visibilityOf = (identity: Identity) =>
  `${[...identity.roles].sort().join(",")}|${identity.entityId ?? ""}`;

/**
 * The gateway's subscriptions, whatever the transport: checks a subscription as a query is
 * checked (parse limits, validation rules, one root field), counts it against the limits, and
 * streams its changes. The changed record is read once per event for all subscribers with the
 * same record query, variables and visibility.
 */
export class SubscriptionService {
  private readonly perSubject = new Map<string, number>();
  private readonly work = new SharedWork();
  /** Record reads sent through the gateway's planning (each reaches one or more subgraphs). */
  recordReads = 0;
  /** Changes delivered to subscribers. */
  delivered = 0;
  /** Subscriptions cut off because their subscriber fell too far behind. */
  slowConsumers = 0;

  constructor(private readonly options: SubscriptionServiceOptions) {}

  /** The plan of a subscription request, or the coded errors that refuse it. */
  plan(request: SubscriptionRequest): SubscriptionPlan | readonly GraphQLFormattedError[] {
    const schema = this.options.schema();
    if (!schema) return [coded("SERVICE_UNAVAILABLE", "The gateway has no schema yet").toJSON()];
    try {
      const document = parse(request.query, parseOptionsFor());
      const errors = validate(schema, document, [...specifiedRules, ...armorValidationRules()]);
      if (errors.length > 0) {
        return errors.map((error) => ({
          ...error.toJSON(),
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...error.extensions },
        }));
      }
      return planSubscription(schema, document, request.operationName, request.variables);
    } catch (error) {
      const failure = error as { toJSON?: () => GraphQLFormattedError; message?: string };
      if (failure.toJSON) {
        const json = failure.toJSON();
        const code = json.extensions?.code ?? "GRAPHQL_PARSE_FAILED";
        return [{ ...json, extensions: { ...json.extensions, code } }];
      }
      throw error;
    }
  }

  /**
   * Opens one subscription for `subscriber` on a connection holding `held` already: its
   * changes, or the limit it breaks.
   */
  open(
    subscriber: SubscriberIdentity,
    plan: SubscriptionPlan,
    held: number,
    onEnd?: () => void,
  ): AsyncGenerator<ExecutionResult> | readonly GraphQLFormattedError[] {
    const { limits, feed } = this.options;
    if (!feed) {
      return [
        coded(
          "OPERATION_NOT_SUPPORTED",
          "This gateway reads no events: set KAFKA_BROKERS for subscriptions",
        ).toJSON(),
      ];
    }
    let after;
    try {
      const cursor = plan.args.after;
      after =
        typeof cursor === "string" ? decodeCursor(cursor, feed.epoch, plan.field.topic) : undefined;
    } catch (error) {
      return [(error as GraphQLError).toJSON()];
    }
    const subject = subscriber.identity.sub;
    if (held >= limits.perConnection) {
      return [this.limit(`A connection holds at most ${limits.perConnection} subscriptions`)];
    }
    if ((this.perSubject.get(subject) ?? 0) >= limits.perSubject) {
      return [this.limit(`A token holds at most ${limits.perSubject} subscriptions at once`)];
    }
    this.perSubject.set(subject, (this.perSubject.get(subject) ?? 0) + 1);
    const release = () => {
      const left = (this.perSubject.get(subject) ?? 1) - 1;
      if (left > 0) this.perSubject.set(subject, left);
      else this.perSubject.delete(subject);
      onEnd?.();
    };
    const visibility = visibilityOf(subscriber.identity);
    const resultKey = `result|${plan.shareKey}|${visibility}`;
    return changeStream({
      feed,
      plan,
      readRecord: this.readRecord(plan, visibility, subscriber.identity),
      shared: (event, make) => this.work.once(event.envelope.id, resultKey, make),
      identity: subscriber.identity,
      timeZone: this.options.timeZone,
      expiresAt: subscriber.expiresAt,
      maxBehind: limits.maxBehind,
      after,
      onSlowConsumer: () => void this.slowConsumers++,
      onDelivered: () => void this.delivered++,
      onEnd: release,
    });
  }

  private limit(message: string): GraphQLFormattedError {
    return coded("SUBSCRIPTION_LIMIT_EXCEEDED", message).toJSON();
  }

  /** Reads a changed record once per event for every subscriber who would see it alike. */
  private readRecord(plan: SubscriptionPlan, visibility: string, identity: Identity): RecordReader {
    if (!plan.recordQuery) return () => Promise.resolve({ data: null });
    const { query, variables } = plan.recordQuery;
    // Subscriptions with other filters (or documents) that select the record alike share it.
    const recordKey = `record|${createHash("sha256")
      .update(`${query}\n${JSON.stringify(variables)}\n${visibility}`)
      .digest("base64url")}`;
    return (_plan, event, recordId) =>
      this.work.once(event.envelope.id, recordKey, () => {
        this.recordReads++;
        return this.options.execute(query, { ...variables, __gcnId: recordId }, identity);
      });
  }

  /** Lets go of what is kept for the subscribers (the gateway is stopping). */
  stop(): void {
    this.work.stop();
  }
}

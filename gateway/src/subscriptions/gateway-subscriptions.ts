import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { ApolloGateway } from "@apollo/gateway";
import type { ApolloServer } from "@apollo/server";
import { InProcessTransport, type EventTransport, type Logger } from "@gcn/shared";
import type { JwtVerifier } from "../auth/jwt-verifier";
import type { GatewayConfig } from "../config";
import type { GatewayContext } from "../gateway-context";
import type { EventFeed } from "./event-feed";
import { InProcessEventFeed } from "./in-process-event-feed";
import { KafkaEventFeed } from "./kafka-event-feed";
import { serveEventStream } from "./sse-transport";
import { SubscriptionService } from "./subscription-service";
import { serveWebSocketSubscriptions } from "./ws-transport";

export interface GatewaySubscriptions {
  service: SubscriptionService;
  /** GraphQL over SSE for /graphql requests that accept text/event-stream. */
  eventStream: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
  /** Ends every subscription (WebSocket clients with 1012, to reconnect) and the feed. */
  stop(): Promise<void>;
}

export interface GatewaySubscriptionsOptions {
  config: GatewayConfig;
  transport?: EventTransport;
  httpServer: Server;
  gateway: ApolloGateway;
  apollo: ApolloServer<GatewayContext>;
  verifier: JwtVerifier;
  logger: Logger;
}

/** The feed a replica reads: Kafka when KAFKA_BROKERS is set, else the embedded transport. */
function feedFor(options: GatewaySubscriptionsOptions): EventFeed | undefined {
  const { config, transport, logger } = options;
  if (config.kafkaBrokers) {
    return new KafkaEventFeed({
      brokers: config.kafkaBrokers,
      topicPrefix: config.kafkaTopicPrefix,
      logger: logger.child({ component: "subscription-feed" }),
    });
  }
  return transport instanceof InProcessTransport ? new InProcessEventFeed(transport) : undefined;
}

/**
 * Starts the gateway's subscriptions: the feed of events, and both transports on /graphql. A
 * gateway with neither Kafka nor an embedded transport has no events to serve: it refuses every
 * subscription with a coded error saying so.
 */
export async function serveGatewaySubscriptions(
  options: GatewaySubscriptionsOptions,
): Promise<GatewaySubscriptions> {
  const { config, logger } = options;
  const feed = feedFor(options);
  await feed?.start();
  const service = new SubscriptionService({
    feed,
    schema: () => options.gateway.schema,
    execute: async (query, variables, identity) => {
      const requestId = randomUUID();
      const response = await options.apollo.executeOperation(
        { query, variables },
        { contextValue: { requestId, logger: logger.child({ requestId }), identity } },
      );
      if (response.body.kind !== "single") return { errors: [{ message: "Unexpected stream" }] };
      const { data, errors } = response.body.singleResult;
      return { data: data as Record<string, unknown> | null | undefined, errors };
    },
    timeZone: config.timeZone,
    limits: config.subscriptions,
    logger,
  });
  const stopWebSockets = serveWebSocketSubscriptions(
    options.httpServer,
    service,
    options.verifier,
    logger,
  );
  return {
    service,
    eventStream: (req, res, body) =>
      serveEventStream(req, res, body, service, options.verifier, logger),
    stop: async () => {
      await stopWebSockets();
      await feed?.stop();
      service.stop();
    },
  };
}

import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { coded, type Logger } from "@gcn/shared";
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import { CloseCode, type Context } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { JwtVerifier } from "../auth/jwt-verifier";
import { isGraphQLPath } from "../graphql-http-handler";
import { subscriberOf } from "./subscriber-auth";
import type { SubscriberIdentity, SubscriptionService } from "./subscription-service";

/** What the gateway keeps for one WebSocket connection. */
interface Connection {
  subscriber?: SubscriberIdentity;
  held: number;
}

const asGraphQLErrors = (errors: readonly GraphQLFormattedError[]) =>
  errors.map((error) => new GraphQLError(error.message, { extensions: { ...error.extensions } }));

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, what graphql-ws and Apollo Client's
 * GraphQLWsLink speak) on the gateway's /graphql. The token comes in `connection_init`'s payload
 * as `{ "authorization": "Bearer <jwt>" }`; without a valid one the connection is closed with
 * 4403. Returns the stop, which closes every connection with 1012 (service restart), a code
 * clients reconnect on.
 */
export function serveWebSocketSubscriptions(
  httpServer: Server,
  service: SubscriptionService,
  verifier: JwtVerifier,
  logger: Logger,
): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const connections = new WeakMap<object, Connection>();
  const connectionOf = (ctx: Context) => {
    let connection = connections.get(ctx);
    if (!connection) connections.set(ctx, (connection = { held: 0 }));
    return connection;
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isGraphQLPath(req.url)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  httpServer.on("upgrade", onUpgrade);
  const server = useServer(
    {
      onConnect: async (ctx) => {
        try {
          const params = ctx.connectionParams as { authorization?: unknown } | undefined;
          connectionOf(ctx).subscriber = await subscriberOf(verifier, params?.authorization);
          return true;
        } catch {
          // graphql-ws closes with 4403 Forbidden: no subscription without a valid token.
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connectionOf(ctx);
        const subscriber = connection.subscriber!;
        if (subscriber.expiresAt !== undefined && subscriber.expiresAt <= Date.now()) {
          return [coded("TOKEN_EXPIRED", "The token expired: reconnect with a new one")];
        }
        const planned = service.plan(payload);
        if (Array.isArray(planned)) return asGraphQLErrors(planned);
        const plan = planned as Exclude<typeof planned, readonly GraphQLFormattedError[]>;
        const opened = service.open(subscriber, plan, connection.held, () => {
          connection.held--;
        });
        if (Array.isArray(opened)) return asGraphQLErrors(opened);
        connection.held++;
        const stream = opened as AsyncGenerator<ExecutionResult>;
        // graphql-ws hands these arguments to `subscribe` below, which returns the stream.
        return {
          schema: plan.schema,
          document: plan.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          rootValue: stream,
        };
      },
      subscribe: (args) => args.rootValue as AsyncGenerator<ExecutionResult>,
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((error) => error.message) }, "subscription refused");
      },
    },
    wss,
  );
  return async () => {
    httpServer.off("upgrade", onUpgrade);
    for (const client of wss.clients as Set<WebSocket>) {
      client.close(1012, "The gateway is restarting: reconnect and resume with your cursor");
    }
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

export { CloseCode };

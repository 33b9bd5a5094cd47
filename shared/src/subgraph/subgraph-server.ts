import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import { REQUEST_ID_HEADER, verifyIdentity, type Identity } from "../auth/identity";
import { LoaderRegistry } from "../dataloader/loader-registry";
import { coded, ERROR_CODES } from "../errors/coded-errors";
import { createErrorFormatter } from "../errors/format-error";
import type { Logger } from "../logging/logger";
import { graphqlMetricsPlugin } from "../observability/graphql-metrics.plugin";
import type { ServiceMetrics } from "../observability/service-metrics";
import {
  requestLoggingPlugin,
  requestTracingPlugin,
} from "../observability/request-tracing.plugin";
import { Tracing } from "../observability/tracing";
import { compiledQueryExecutor } from "./compiled-query-executor";
import { applyHttpDefaults } from "./http-defaults";
import { rejectMalformedStrings } from "./malformed-string.plugin";
import type { RequestContext } from "./request-context";

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  /** The gateway's signing secret; a second one is accepted during a rotation. */
  gatewaySecret: string | readonly string[];
  logger: Logger;
  /** Each check must be true for /ready to answer 200 (database, broker). */
  readiness: ReadinessCheck;
  /** Largest request body; recordMetrics with 10,000 samples is a few MB. */
  bodyLimit?: string;
  /** Served on GET /metrics (Prometheus). */
  metrics?: ServiceMetrics;
  /** OpenTelemetry spans per request (off by default). */
  tracing?: Tracing;
  /**
   * Routes served beside /graphql (the briefings' documents), behind the same signed identity:
   * a handler finds the caller in `identityOf(req)`.
   */
  routes?: { path: string; router: express.Router };
}

/** The caller of a route mounted with `SubgraphServerOptions.routes` (verified by the server). */
export function identityOf(req: Request): Identity | undefined {
  return (req as AuthenticatedRequest).identity;
}

interface AuthenticatedRequest extends Request {
  identity?: Identity;
  requestId?: string;
}

/**
 * A subgraph's HTTP face: POST /graphql (gateway-signed requests only), GET /health (liveness)
 * and GET /ready (dependencies reachable).
 */
export class SubgraphServer {
  readonly app = express();
  readonly httpServer = http.createServer(this.app);
  private readonly apollo: ApolloServer<RequestContext>;
  private started = false;

  constructor(private readonly options: SubgraphServerOptions) {
    this.httpServer.keepAliveTimeout = 65_000;
    this.apollo = new ApolloServer<RequestContext>({
      // The process stops it in order (stopOnSignals); its own handler stopped it at once.
      stopOnTerminationSignals: false,
      // Queries run compiled (graphql-jit); see compiled-query-executor.ts.
      gateway: compiledQueryExecutor(options.schema),
      includeStacktraceInErrorResponses: false,
      formatError: createErrorFormatter(options.logger),
      csrfPrevention: true,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        // No HTTP caching of GraphQL answers here; without it no field is wrapped per resolve.
        ApolloServerPluginCacheControlDisabled(),
        requestLoggingPlugin<RequestContext>(),
        requestTracingPlugin<RequestContext>(options.tracing ?? Tracing.off),
        rejectMalformedStrings,
        ...(options.metrics ? [graphqlMetricsPlugin(options.metrics)] : []),
        ApolloServerPluginDrainHttpServer({ httpServer: this.httpServer }),
      ],
    });
  }

  private authenticate = (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    const identity = verifyIdentity(req.headers, this.options.gatewaySecret);
    if (!identity) {
      const refusal = coded(
        "UNAUTHENTICATED",
        "Requests must come through the gateway with a valid signed identity",
      );
      res.status(ERROR_CODES.UNAUTHENTICATED).json({ errors: [refusal.toJSON()] });
      return;
    }
    req.identity = identity;
    next();
  };

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    if (!this.started) {
      await this.apollo.start();
      this.started = true;
      this.mountRoutes();
    }
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once("error", reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off("error", reject);
        resolve();
      });
    });
    return (this.httpServer.address() as AddressInfo).port;
  }

  private mountRoutes(): void {
    const { logger, name } = this.options;
    applyHttpDefaults(this.app);
    this.app.get("/health", (_req, res) => {
      res.json({ status: "ok", service: name });
    });
    this.app.get("/ready", async (_req, res) => {
      const checks = await this.options.readiness().catch(() => ({ readiness: false }));
      const ready = Object.values(checks).every(Boolean);
      res
        .status(ready ? 200 : 503)
        .json({ status: ready ? "ready" : "not ready", service: name, checks });
    });
    const metrics = this.options.metrics;
    if (metrics) {
      this.app.get("/metrics", async (_req, res) => {
        const { contentType, body } = await metrics.render();
        res.type(contentType).send(body);
      });
    }
    const routes = this.options.routes;
    if (routes) this.app.use(routes.path, this.authenticate, routes.router);
    this.app.use(
      "/graphql",
      express.json({ limit: this.options.bodyLimit ?? "16mb" }),
      this.authenticate,
      expressMiddleware(this.apollo, {
        context: async ({ req }) => {
          const request = req as AuthenticatedRequest;
          const header = req.headers[REQUEST_ID_HEADER];
          const requestId = (Array.isArray(header) ? header[0] : header) || randomUUID();
          const language = String(req.headers["accept-language"] ?? "");
          return {
            requestId,
            identity: request.identity,
            logger: logger.child({ requestId }),
            locale: /^en\b/i.test(language) ? "EN" : "AR",
            loaders: new LoaderRegistry(),
          } satisfies RequestContext;
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (this.started) {
      // Stops accepting, lets in-flight requests finish (drain plugin), then closes.
      await this.apollo.stop();
      this.started = false;
    }
    if (this.httpServer.listening) {
      await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    }
  }
}

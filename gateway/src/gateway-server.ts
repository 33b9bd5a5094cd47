import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import {
  applyHttpDefaults,
  createErrorFormatter,
  createLogger,
  graphqlMetricsPlugin,
  REQUEST_ID_HEADER,
  requestLoggingPlugin,
  requestTracingPlugin,
  Tracing,
  type EventTransport,
  type Identity,
  type Logger,
} from "@gcn/shared";
import express from "express";
import { AdmissionQueue } from "./admission-queue";
import { JwtVerifier } from "./auth/jwt-verifier";
import { armorValidationRules, parseOptionsFor } from "./query-limits";
import { requestErrorsPlugin } from "./request-errors.plugin";
import { requireCallerPlugin } from "./anonymous-access";
import { validateScalarsLikeSubgraphs } from "./scalar-validation";
import { graphqlHttpHandler, isGraphQLPath } from "./graphql-http-handler";
import { hangUpSignalOf, type CancelSignal } from "./cancel-signal";
import { SharedOperations } from "./shared-operations";
import { PlannedOperations } from "./planned/planned-operations";
import type { GatewayConfig } from "./config";
import type { GatewayContext } from "./gateway-context";
import { SignedSubgraphDataSource } from "./signed-subgraph-data-source";
import { explorerRouter } from "./explorer/explorer-router";
import { savedOperations } from "./explorer/saved-operations";
import { checkReadiness } from "./readiness-check";
import { briefingProxy } from "./briefing-proxy";
import { StaticSupergraph } from "./static-supergraph";
import { GatewayMetrics } from "./gateway-metrics";
import {
  serveGatewaySubscriptions,
  type GatewaySubscriptions,
} from "./subscriptions/gateway-subscriptions";

/**
 * A request's context, one shape for every request. Its logger is made when a line is first
 * written: most requests write none at the default level. (An object literal with a getter
 * took a runtime call per request to define the accessor.)
 */
class RequestContext implements GatewayContext {
  private childLogger?: Logger;
  trace?: GatewayContext["trace"];
  fetches?: GatewayContext["fetches"];

  constructor(
    readonly requestId: string,
    private readonly parentLogger: Logger,
    readonly identity: Identity | undefined,
    readonly acceptLanguage: string | undefined,
    readonly signal: CancelSignal,
  ) {}

  get logger(): Logger {
    return (this.childLogger ??= this.parentLogger.child({ requestId: this.requestId }));
  }
}

/** The gateway: one endpoint over the static supergraph, JWT auth, signed identity downstream. */
export class GatewayServer {
  readonly app = express();
  /** /graphql on node:http (set when Apollo Server has started); everything else on Express. */
  private serveGraphQL?: http.RequestListener;
  readonly httpServer = http.createServer((req, res) => {
    if (this.serveGraphQL && isGraphQLPath(req.url)) this.serveGraphQL(req, res);
    else this.app(req, res);
  });
  readonly gateway: ApolloGateway;
  private readonly apollo: ApolloServer<GatewayContext>;
  private readonly verifier: JwtVerifier;
  private readonly logger: Logger;
  private readonly supergraph: StaticSupergraph;
  readonly metrics = new GatewayMetrics();
  readonly tracing: Tracing;
  /** Bounds the requests worked on at once (GATEWAY_MAX_IN_FLIGHT). */
  readonly admission: AdmissionQueue;
  /** The planned path of queries answered before (GATEWAY_FAST_PATH). */
  private readonly planned?: PlannedOperations;
  port = 0;
  /** Subscriptions over WebSocket and SSE (set once listening). */
  subscriptions?: GatewaySubscriptions;

  constructor(
    private readonly config: GatewayConfig,
    logger?: Logger,
    /** The embedded default's in-process transport: subscriptions read it when Kafka is not set. */
    private readonly transport?: EventTransport,
  ) {
    this.logger = logger ?? createLogger("gateway", config.logLevel);
    this.tracing = Tracing.start("gateway", config.tracing);
    this.admission = new AdmissionQueue(config.maxInFlight, config.maxQueued);
    this.verifier = new JwtVerifier(config);
    this.httpServer.keepAliveTimeout = 65_000;
    this.supergraph = new StaticSupergraph(config.supergraphPath, this.logger);
    // @apollo/gateway reports to Apollo's servers (usage-reporting.api.apollographql.com) unless
    // its environment says not to, after probing the cloud metadata endpoints: a government
    // platform's gateway sends nothing out, and the export's retries cost CPU even with no
    // network. It reads the variable itself, when it is constructed.
    process.env.APOLLO_TELEMETRY_DISABLED = String(config.apolloTelemetryDisabled);
    // A traced gateway runs every request through Apollo, whose plugins make the spans.
    if (config.fastPath && !this.tracing.enabled) {
      this.planned = new PlannedOperations(() => this.gateway.schema, this.metrics, this.logger);
    }
    this.gateway = new ApolloGateway({
      supergraphSdl: this.supergraph,
      experimental_didResolveQueryPlan: this.planned?.remember,
      buildService: ({ name, url }) =>
        new SignedSubgraphDataSource({
          name,
          url: config.subgraphUrls[name] ?? url ?? "",
          gatewaySecret: config.gatewaySecret,
          timeoutMs: config.subgraphTimeoutMs,
          deduplicate: config.deduplicate,
          metrics: this.metrics,
          tracing: this.tracing,
        }),
    });
    validateScalarsLikeSubgraphs(this.gateway);
    this.apollo = new ApolloServer<GatewayContext>({
      gateway: this.gateway,
      introspection: config.introspection,
      includeStacktraceInErrorResponses: false,
      // The process stops it in order (stopOnSignals, the launcher); Apollo's own SIGINT and
      // SIGTERM handler stopped it at once and signalled the process again.
      stopOnTerminationSignals: false,
      allowBatchedHttpRequests: false,
      csrfPrevention: true,
      validationRules: armorValidationRules(),
      parseOptions: parseOptionsFor(),
      formatError: createErrorFormatter(this.logger),
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer: this.httpServer }),
        ApolloServerPluginCacheControlDisabled(),
        // Apollo Sandbox needs the internet (its page loads from Apollo's CDN); /explorer does not.
        config.introspection
          ? ApolloServerPluginLandingPageLocalDefault({
              embed: true,
              includeCookies: false,
              document: savedOperations(config.timeZone)[0]!.query,
            })
          : ApolloServerPluginLandingPageDisabled(),
        requestErrorsPlugin,
        requireCallerPlugin(config.introspection),
        graphqlMetricsPlugin(this.metrics),
        requestLoggingPlugin<GatewayContext>(),
        requestTracingPlugin<GatewayContext>(this.tracing),
      ],
    });
  }

  /** A client may pass its own id for tracing; it is only ever used as a label. */
  private requestIdOf(req: http.IncomingMessage): string {
    const header = req.headers[REQUEST_ID_HEADER];
    const given = Array.isArray(header) ? header[0] : header;
    return given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  }

  /**
   * The request's context. Made at once when the caller's token was verified before (the
   * usual case), else once the token is verified; a token that does not verify rejects.
   */
  private contextOf(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    signal?: CancelSignal,
  ): GatewayContext | Promise<GatewayContext> {
    const requestId = this.requestIdOf(req);
    // Sent back so that a user reporting a problem can quote it to operations.
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const { authorization } = req.headers;
    const known = authorization ? this.verifier.knownBearer(authorization) : undefined;
    if (!authorization || known) return this.contextWith(req, res, requestId, known, signal);
    return this.verifier
      .verifyBearer(authorization)
      .then(({ identity }) => this.contextWith(req, res, requestId, identity, signal));
  }

  private contextWith(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
    identity: Identity | undefined,
    signal?: CancelSignal,
  ): GatewayContext {
    return new RequestContext(
      requestId,
      this.logger,
      identity,
      req.headers["accept-language"],
      signal ?? hangUpSignalOf(res),
    );
  }

  async listen(): Promise<number> {
    await this.apollo.start();
    applyHttpDefaults(this.app);
    this.app.get("/health", (_req, res) => {
      res.json({ status: "ok", service: "gateway" });
    });
    this.app.get("/ready", async (_req, res) => {
      const readiness = await checkReadiness(this.supergraph.loaded, this.config.subgraphUrls);
      res.status(readiness.ready ? 200 : 503).json({
        status: readiness.ready ? "ready" : "not ready",
        service: "gateway",
        ...readiness,
      });
    });
    this.app.use("/explorer", explorerRouter(this.config.timeZone));
    this.app.get(
      "/briefings/:document",
      briefingProxy({
        verifier: this.verifier,
        gatewaySecret: this.config.gatewaySecret,
        briefingsUrl: () =>
          this.config.subgraphUrls.briefings ?? this.supergraph.subgraphUrl("briefings"),
        timeoutMs: this.config.briefingsTimeoutMs,
        logger: this.logger,
      }),
    );
    this.app.get("/metrics", async (_req, res) => {
      const { contentType, body } = await this.metrics.render();
      res.type(contentType).send(body);
    });
    this.subscriptions = await serveGatewaySubscriptions({
      config: this.config,
      transport: this.transport,
      httpServer: this.httpServer,
      gateway: this.gateway,
      apollo: this.apollo,
      verifier: this.verifier,
      logger: this.logger,
    });
    this.serveGraphQL = graphqlHttpHandler({
      apollo: this.apollo,
      eventStream: this.subscriptions.eventStream,
      admission: this.admission,
      logger: this.logger,
      context: (req, res, signal) => this.contextOf(req, res, signal),
      requestIdOf: (req) => this.requestIdOf(req),
      sharing: this.config.deduplicate
        ? new SharedOperations(this.verifier, this.metrics)
        : undefined,
      planned: this.planned,
      introspection: this.config.introspection,
    });
    this.app.get("/", (_req, res) => res.redirect("/graphql"));
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once("error", reject);
      this.httpServer.listen(this.config.port, this.config.host, () => resolve());
    });
    this.port = (this.httpServer.address() as AddressInfo).port;
    this.logger.info({ port: this.port }, "gateway ready");
    return this.port;
  }

  async close(): Promise<void> {
    // Subscribers first: they are told to reconnect (1012) before the server stops answering.
    await this.subscriptions?.stop();
    await this.apollo.stop();
    await this.tracing.shutdown().catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not send the last spans");
    });
    if (this.httpServer.listening)
      await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }
}

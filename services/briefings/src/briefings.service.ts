import {
  ENTITIES_EVENTS,
  handleEvents,
  INITIATIVES_EVENTS,
  PLAN_EVENTS,
  REPUTATION_EVENTS,
  TOPICS,
  type ServiceDescriptor,
} from "@gcn/shared";
import { readBriefingsConfig } from "./briefings-config";
import { briefingRouter, type LiveRender } from "./http/briefing-routes";
import { RenderCache } from "./pack/render-cache";
import { BriefingIssuer } from "./issuing/briefing-issuer";
import { BriefingStore } from "./issuing/briefing-store";
import { BriefingsSchema1764000000500 } from "./migrations/1764000000500-briefings-schema.migration";
import { BriefingRenderer } from "./pack/briefing-renderer";
import { GatewayClient } from "./pack/gateway-client";
import { PdfPrinter } from "./pack/pdf-printer";
import {
  BriefingQueryResolver,
  BriefingResolver,
  MeetingBriefingResolver,
  ReportBriefingResolver,
} from "./resolvers/briefing-links.resolver";
import { IssuedBriefingRow } from "./rows/issued-briefing.row";
import { NetworkMeetingStub, ReputationReportStub } from "./schema/briefing.types";

/**
 * The briefings service: the month's pack as a document. It reads its data through the gateway
 * like any front end, serves GET /briefings/... (the gateway routes them here), links the pack
 * from the month's meeting and report, and issues the pack when a report is published.
 */
export const service: ServiceDescriptor = {
  name: "briefings",
  rows: [IssuedBriefingRow],
  migrations: [BriefingsSchema1764000000500],
  resolvers: [
    BriefingQueryResolver,
    BriefingResolver,
    MeetingBriefingResolver,
    ReportBriefingResolver,
  ],
  foreignTypes: ["NetworkMeeting", "ReputationReport"],
  orphanedTypes: [NetworkMeetingStub, ReputationReportStub],
  extension: ({ config, env, dataSource, logger }) => {
    const settings = readBriefingsConfig(env, config.production);
    const gateway = new GatewayClient(settings.gatewayUrl, settings.renderTimeoutMs);
    const printer = new PdfPrinter(
      settings.chromiumPath,
      settings.maxConcurrentPdfs,
      settings.renderTimeoutMs,
      logger.child({ component: "pdf-printer" }),
    );
    const renderer = new BriefingRenderer(printer, config.timeZone);
    const store = new BriefingStore(dataSource);
    const issuer = new BriefingIssuer(
      settings,
      gateway,
      renderer,
      store,
      dataSource,
      logger.child({ component: "issuer" }),
    );
    const drafts = new RenderCache<LiveRender>();
    // Any change to what a pack is made from: the drafts rendered so far are out of date.
    const families = [ENTITIES_EVENTS, PLAN_EVENTS, INITIATIVES_EVENTS, REPUTATION_EVENTS];
    const invalidation = {
      name: "changes",
      topics: families.map((family) => family.topic),
      // Forgetting drafts twice is harmless: no inbox row per event.
      inbox: false,
      handlers: Object.fromEntries(
        families.flatMap((family) =>
          Object.values(family.events).map((entry) => [
            entry.type,
            async () => drafts.invalidate(),
          ]),
        ),
      ),
    };
    return {
      routes: {
        path: "/briefings",
        router: briefingRouter({ drafts, store, issuer, renderer, gateway, logger }),
      },
      consumers: [
        invalidation,
        ...(settings.issueOnPublish
          ? [
              {
                name: "reputation",
                topics: [TOPICS.reputation],
                handlers: handleEvents(
                  [REPUTATION_EVENTS.events.ReportPublished],
                  async (tx, data) => {
                    if (data.period.month === null) return;
                    await issuer.issue({ year: data.period.year, month: data.period.month }, tx);
                  },
                ),
              },
            ]
          : []),
      ],
      gatewayReady: (url) => {
        gateway.setUrl(url);
        // Drafts read through another gateway are not this one's.
        drafts.invalidate();
      },
      stop: () => printer.close(),
    };
  },
};

import { randomUUID } from "node:crypto";
import { identityOf, REQUEST_ID_HEADER, type Logger } from "@gcn/shared";
import express, { type Request, type Response } from "express";
import type { BriefingIssuer } from "../issuing/briefing-issuer";
import { label } from "../issuing/briefing-issuer";
import { sha256Of, type BriefingStore } from "../issuing/briefing-store";
import type { PeriodValue } from "../pack/briefing-query";
import type { BriefingRenderer } from "../pack/briefing-renderer";
import { GatewayRefusal, type GatewayClient } from "../pack/gateway-client";
import { missingServices } from "../pack/pack-html";
import { PdfUnavailableError } from "../pack/pdf-printer";
import type { RenderCache } from "../pack/render-cache";
import type { BriefingFormat, BriefingLanguage } from "../rows/issued-briefing.row";

const DOCUMENT = /^(\d{4})-(\d{2})\.(html|pdf)$/;
const CONTENT_TYPES: Record<BriefingFormat, string> = {
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
};

function refuse(res: Response, status: number, code: string, message: string, field?: string) {
  res
    .status(status)
    .json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}

/** A draft as rendered for one kind of reader. */
export interface LiveRender {
  content: Buffer;
  missing: string[];
  /** The report turned out published: the pack is issued instead (never kept as a draft). */
  published: boolean;
}

export interface BriefingRouteParts {
  drafts: RenderCache<LiveRender>;
  store: BriefingStore;
  issuer: BriefingIssuer;
  renderer: BriefingRenderer;
  gateway: GatewayClient;
  logger: Logger;
}

/**
 * GET /briefings/{year}-{month}.html|.pdf?lang=ar|en, behind the gateway (it checks the token
 * and signs the identity). An issued month is sent as it was issued; a month whose report is not
 * published is rendered live for the reader, marked DRAFT on every page.
 */
export function briefingRouter(parts: BriefingRouteParts): express.Router {
  const router = express.Router();
  router.get("/:document", async (req: Request, res: Response) => {
    const requestId = String(req.headers[REQUEST_ID_HEADER] ?? randomUUID());
    const match = DOCUMENT.exec(String(req.params.document));
    if (!match) {
      return refuse(res, 404, "NOT_FOUND", "A briefing is /briefings/{year}-{month}.html or .pdf");
    }
    const period: PeriodValue = { year: Number(match[1]), month: Number(match[2]) };
    const format = match[3] as BriefingFormat;
    if (period.month < 1 || period.month > 12 || period.year < 2000 || period.year > 2100) {
      return refuse(
        res,
        400,
        "BAD_USER_INPUT",
        "The period must be YYYY-MM, month 01..12",
        "period",
      );
    }
    const lang = req.query.lang ?? "ar";
    if (lang !== "ar" && lang !== "en") {
      return refuse(res, 400, "BAD_USER_INPUT", 'lang must be "ar" or "en"', "lang");
    }
    const language: BriefingLanguage = lang;
    const logger = parts.logger.child({ requestId, period: label(period), language, format });
    try {
      if (await sendIssued(parts, req, res, period, language, format)) return;
      const authorization = req.headers.authorization;
      const identity = identityOf(req);
      if (!authorization || !identity) {
        return refuse(res, 401, "UNAUTHENTICATED", "Authorization must be: Bearer <token>");
      }
      // What a reader may see depends on their roles alone (a liaison's contact details), so
      // readers with the same roles share a render.
      const key = [label(period), language, format, [...identity.roles].sort().join("+")].join("|");
      const render = await parts.drafts.get(
        key,
        async (): Promise<LiveRender> => {
          const answer = await parts.gateway.briefingData(period, authorization, requestId);
          const missing = [...missingServices(answer.errors)];
          const published = answer.data.report?.status === "PUBLISHED";
          if (published && missing.length === 0) {
            return { content: Buffer.alloc(0), missing, published };
          }
          const html = parts.renderer.html(period, answer, language, {
            draft: !published,
            issuedAt: new Date(),
          });
          return { content: await parts.renderer.document(html, format), missing, published };
        },
        (kept) => !kept.published && kept.missing.length === 0,
      );
      if (render.published && render.missing.length === 0) {
        // Published while its event is still on the way: issue it now and send what is kept.
        await parts.issuer.issue(period);
        if (await sendIssued(parts, req, res, period, language, format)) return;
      }
      res.setHeader("x-briefing-status", "DRAFT");
      if (render.missing.length) res.setHeader("x-briefing-missing", render.missing.join(","));
      send(res, render.content, format, period, language, "no-store");
    } catch (error) {
      if (error instanceof GatewayRefusal) {
        const first = error.errors[0];
        return refuse(res, error.status, first?.extensions?.code ?? "BAD_REQUEST", error.message);
      }
      if (error instanceof PdfUnavailableError) {
        logger.warn(error.message);
        return refuse(
          res,
          503,
          "SERVICE_UNAVAILABLE",
          `The PDF renderer is not available: ${error.message}`,
        );
      }
      logger.error({ err: error }, "briefing failed");
      return refuse(
        res,
        503,
        "SERVICE_UNAVAILABLE",
        "The briefing could not be made now; try again",
      );
    }
  });
  return router;
}

async function sendIssued(
  parts: BriefingRouteParts,
  req: Request,
  res: Response,
  period: PeriodValue,
  language: BriefingLanguage,
  format: BriefingFormat,
): Promise<boolean> {
  let row = await parts.store.issued(period, language, format);
  if (!row && format === "pdf" && (await parts.issuer.printIssued(period, language))) {
    row = await parts.store.issued(period, language, format);
  }
  if (!row) return false;
  const etag = `"${row.sha256}"`;
  res.setHeader("etag", etag);
  res.setHeader("x-briefing-status", "ISSUED");
  res.setHeader("x-briefing-issued-at", row.issuedAt.toISOString());
  if (req.headers["if-none-match"] === etag) {
    res.status(304).end();
    return true;
  }
  send(res, row.content, format, period, language, "private, max-age=0, must-revalidate");
  return true;
}

function send(
  res: Response,
  content: Buffer,
  format: BriefingFormat,
  period: PeriodValue,
  language: BriefingLanguage,
  cacheControl: string,
): void {
  res.setHeader("content-type", CONTENT_TYPES[format]);
  res.setHeader("content-length", String(content.length));
  res.setHeader("x-content-sha256", sha256Of(content));
  res.setHeader("cache-control", cacheControl);
  res.setHeader(
    "content-disposition",
    `inline; filename="gcn-briefing-${label(period)}-${language}.${format}"`,
  );
  res.status(200).end(content);
}

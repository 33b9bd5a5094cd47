import http from "node:http";
import https from "node:https";
import { REQUEST_ID_HEADER, signIdentity, type Identity, type Logger } from "@gcn/shared";
import type { Request, Response } from "express";
import type { JwtVerifier } from "./auth/jwt-verifier";

/** Request headers the briefings service reads; nothing else of the caller's is passed on. */
const FORWARDED = ["authorization", "accept-language", "if-none-match", REQUEST_ID_HEADER];
/** Response headers passed back to the reader. */
const RETURNED = [
  "content-type",
  "content-length",
  "content-disposition",
  "cache-control",
  "etag",
  "x-content-sha256",
  "x-briefing-status",
  "x-briefing-issued-at",
  "x-briefing-missing",
];

function refuse(res: Response, status: number, code: string, message: string, extra = {}) {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * GET /briefings/* on the gateway: one address for users. The token is checked here, as for a
 * query; the briefings service gets the signed identity (and the token, to read the pack's
 * data through this gateway as the reader). A PDF is streamed back as it comes.
 */
export function briefingProxy(options: {
  verifier: JwtVerifier;
  gatewaySecret: string;
  /** The briefings subgraph's GraphQL URL; its documents are beside it under /briefings. */
  briefingsUrl: () => string;
  timeoutMs: number;
  logger: Logger;
}) {
  return async (req: Request, res: Response): Promise<void> => {
    let identity: Identity;
    try {
      const authorization = req.headers.authorization;
      if (!authorization) throw new Error("Authorization must be: Bearer <token>");
      identity = (await options.verifier.verifyBearer(authorization)).identity;
    } catch (error) {
      return refuse(
        res,
        401,
        "UNAUTHENTICATED",
        error instanceof Error ? error.message : "Invalid token",
      );
    }
    let target: URL;
    try {
      target = new URL(req.originalUrl, options.briefingsUrl());
    } catch (error) {
      options.logger.warn({ err: error }, "no briefings service in the supergraph");
      return refuse(res, 503, "SERVICE_UNAVAILABLE", "The briefings service is not available", {
        serviceName: "briefings",
      });
    }
    const headers: Record<string, string> = { ...signIdentity(identity, options.gatewaySecret) };
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const transport = target.protocol === "https:" ? https : http;
    const upstream = transport.request(target, { method: "GET", headers }, (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const name of RETURNED) {
        const value = answer.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      answer.pipe(res);
    });
    upstream.setTimeout(options.timeoutMs, () =>
      upstream.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    );
    upstream.on("error", (error) => {
      options.logger.warn({ err: error, url: target.pathname }, "briefings service unavailable");
      if (!res.headersSent) {
        refuse(res, 503, "SERVICE_UNAVAILABLE", "The briefings service is not available", {
          serviceName: "briefings",
        });
      } else res.destroy(error);
    });
    // A reader who goes away stops the work upstream too.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end();
  };
}

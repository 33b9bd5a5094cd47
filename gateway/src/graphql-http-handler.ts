import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from "@apollo/server";
import type { Logger } from "@gcn/shared";
import type { AdmissionQueue } from "./admission-queue";
import type { GatewayContext } from "./gateway-context";
import { QUERY_LIMITS } from "./query-limits";

/** Request bodies up to this size are read (a recordMetrics call of 10,000 samples is ~1.5 MB). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface GraphQLHttpOptions {
  apollo: ApolloServer<GatewayContext>;
  admission: AdmissionQueue;
  context: (req: IncomingMessage, res: ServerResponse) => Promise<GatewayContext>;
  logger: Logger;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `/graphql`, `/graphql/` and either with a query string. */
export function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith("/graphql")) return false;
  const rest = url.slice("/graphql".length);
  return rest === "" || rest[0] === "?" || rest === "/" || rest.startsWith("/?");
}

/** A GraphQL-shaped error answer written by the gateway itself (before Apollo Server runs). */
export function sendCodedError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > maxBytes) {
      reject(new HttpRefusal(413, `The request body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(new HttpRefusal(413, `The request body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/** The body as Apollo Server expects it: parsed JSON, or nothing for other content types. */
async function bodyOf(req: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const raw = await readBody(req, maxBodyBytes);
  // Apollo Server refuses non-JSON posts itself (CSRF prevention, then "POST body missing").
  if (!isJson(req.headers["content-type"]) || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new HttpRefusal(400, "The request body is not valid JSON");
  }
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === "complete") {
    // One write: headers and body leave together with a Content-Length.
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Serves /graphql straight on node:http. Express's router, body-parser and async middleware
 * chain cost the gateway more than its own work on a small query (P1 through the gateway went
 * from about 1,300 to 1,870 req/s without them); the other routes (health, readiness, metrics,
 * the explorer) stay on Express. Everything Express gave this route is here: the admission
 * queue, a 16 MB body limit, the 100 kB document limit, JSON parsing with a coded error; CSRF
 * prevention, batching refusal and content negotiation are Apollo Server's own.
 */
export function graphqlHttpHandler(options: GraphQLHttpOptions) {
  const maxDocumentBytes = QUERY_LIMITS.maxDocumentBytes;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await bodyOf(req, MAX_BODY_BYTES);
      const query = (body as { query?: unknown } | undefined)?.query;
      if (typeof query === "string" && Buffer.byteLength(query, "utf8") > maxDocumentBytes) {
        throw new HttpRefusal(413, `The query document is larger than ${maxDocumentBytes} bytes`);
      }
      const url = req.url ?? "";
      const queryStart = url.indexOf("?");
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? "GET",
          headers: headerMapOf(req),
          search: queryStart >= 0 ? url.slice(queryStart) : "",
          body,
        },
        context: () => options.context(req, res),
      });
      await writeResponse(res, response);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        // The rest of an oversized body is not worth reading to keep the connection.
        if (error.status === 413) res.setHeader("connection", "close");
        sendCodedError(res, error.status, error.message, "BAD_REQUEST");
        return;
      }
      options.logger.error({ err: error }, "could not answer a GraphQL request");
      sendCodedError(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
    }
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    options.admission.admit(res, () => {
      void handle(req, res);
    });
  };
}

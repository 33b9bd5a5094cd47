import http from "node:http";
import https from "node:https";

export interface SubgraphHttpResponse {
  status: number;
  contentType: string;
  cacheControl?: string;
  body: string;
}

/** Connections to subgraphs stay open between requests (the gateway calls the same few hosts). */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
};

/**
 * One POST to a subgraph on node:http with a keep-alive agent and a deadline. Lighter than the
 * WHATWG fetch the gateway would otherwise use (undici streams cost more per request than a
 * small query does in the subgraph).
 */
export function postToSubgraph(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  /** Aborting it destroys the request (nobody waits for the answer any more). */
  signal?: AbortSignal,
): Promise<SubgraphHttpResponse> {
  const transport = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol as "http:" | "https:"];
  if (!agent) return Promise.reject(new Error(`Unsupported subgraph URL protocol ${url.protocol}`));
  if (signal?.aborted) return Promise.reject(new Error("aborted before it was sent"));
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers["content-type"] ?? ""),
            cacheControl: response.headers["cache-control"],
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`timeout: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => request.destroy(new Error("aborted: nobody waits for the answer"));
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    request.end(body);
  });
}

import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET, EnvReader, readTracingConfig, TOPICS } from "@gcn/shared";
import { kafkaBrokersOrSkip, waitFor } from "@gcn/shared/testing";
import { readTopic, serviceProcess, startEntitiesAndPlan } from "./drill-kit";

/** A span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ExportedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: (Omit<ExportedSpan, "service" | "attributes"> & {
        attributes?: { key: string; value: Record<string, unknown> }[];
      })[];
    }[];
  }[];
}

/** The smallest OpenTelemetry collector: accepts OTLP/HTTP JSON on /v1/traces and keeps the spans. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; close(): void }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      if (req.url === "/v1/traces" && req.headers["content-type"]?.includes("json")) {
        const parsed = JSON.parse(body.toString()) as OtlpBody;
        for (const resource of parsed.resourceSpans ?? []) {
          const service =
            resource.resource?.attributes?.find((a) => a.key === "service.name")?.value
              .stringValue ?? "";
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                ...span,
                service,
                attributes: Object.fromEntries(
                  (span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
                ),
              });
            }
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => server.close(),
  };
}

/** The JSON log lines of a process's output that carry this request id. */
function linesOf(output: string, requestId: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.requestId === requestId);
}

describe("a request followed from the gateway to the consumers (logs, events, traces)", () => {
  it("carries the request id and the trace into every subgraph log, the event and the consumer", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    const collector = await startCollector();
    // Closed whatever happens next: an open collector would keep the test process alive.
    t.after(() => collector.close());
    const observed = { LOG_LEVEL: "debug", OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    const pair = await startEntitiesAndPlan("tracing", brokers, observed);
    const gateway = await serviceProcess("gateway", {
      ...observed,
      SUBGRAPH_URL_ENTITIES: pair.entities.url,
      SUBGRAPH_URL_PLAN: pair.plan.url,
    });
    t.after(async () => {
      await gateway.kill("SIGTERM");
      await pair.stop();
    });
    await gateway.start();

    const requestId = `trace-test-${randomUUID()}`;
    const clientTraceId = randomBytes(16).toString("hex");
    const clientSpanId = randomBytes(8).toString("hex");
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "trace-admin", roles: ["ADMIN"] });
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "x-request-id": requestId,
        traceparent: `00-${clientTraceId}-${clientSpanId}-01`,
      },
      body: JSON.stringify({
        query: `mutation RegisterTraced($code: String!) {
          registerEntity(input: { code: $code, nameAr: "جهة متتبعة", kind: AGENCY }) { id }
        }`,
        variables: { code: `TRC_${randomBytes(4).toString("hex").toUpperCase()}` },
      }),
    });
    assert.equal(response.headers.get("x-request-id"), requestId, "the gateway answers with it");
    const body = (await response.json()) as { data?: { registerEntity: { id: string } } };
    const entityId = body.data?.registerEntity.id;
    assert.ok(entityId, JSON.stringify(body));

    // Logs: the gateway's and the entities service's request lines, the plan consumer's line
    // (each process writes its lines on its own schedule: wait for them).
    await waitFor(
      () => linesOf(gateway.output(), requestId).some((line) => line.msg === "request done"),
      { timeoutMs: 10_000, what: "the gateway's log line with the request id" },
    );
    await waitFor(
      () =>
        linesOf(pair.entities.output(), requestId).some(
          (line) => line.msg === "request done" && line.service === "entities",
        ),
      { timeoutMs: 10_000, what: "the entities service's log line with the request id" },
    );
    const applied = await waitFor(
      () =>
        linesOf(pair.plan.output(), requestId).find(
          (line) => line.msg === "event applied" && line.eventId,
        ),
      { timeoutMs: 30_000, what: "the plan consumer's log line for the request" },
    );
    assert.equal(applied.type, "gcn.entities.EntityRegistered.v1");

    // The event: the request id is its correlationid and it carries the request's trace.
    const topicEvents = await readTopic(brokers, `${pair.prefix}${TOPICS.entities}`, 1);
    const event = topicEvents
      .map((message) => JSON.parse(message.value) as Record<string, unknown>)
      .find((envelope) => envelope.subject === entityId);
    assert.ok(event, "the EntityRegistered event is on the topic");
    assert.equal(event.correlationid, requestId);
    assert.equal(event.id, applied.eventId, "the consumer logged that very event");
    assert.match(String(event.traceparent), new RegExp(`^00-${clientTraceId}-[0-9a-f]{16}-01$`));

    // Traces: client -> gateway request -> subgraph fetch -> entities request -> plan consumer.
    const spans = await waitFor(
      () => {
        const inTrace = collector.spans.filter((span) => span.traceId === clientTraceId);
        return inTrace.some((span) => span.service === "gcn-plan") ? inTrace : undefined;
      },
      { timeoutMs: 15_000, what: "the spans of all three processes" },
    );
    const find = (service: string, name: string) => {
      const span = spans.find((s) => s.service === service && s.name === name);
      assert.ok(span, `${service} span "${name}" in ${JSON.stringify(spans.map((s) => s.name))}`);
      return span;
    };
    const gatewayRequest = find("gcn-gateway", "mutation RegisterTraced");
    assert.equal(gatewayRequest.parentSpanId, clientSpanId);
    assert.equal(gatewayRequest.attributes["gcn.request_id"], requestId);
    const fetchSpan = find("gcn-gateway", "subgraph entities");
    assert.equal(fetchSpan.parentSpanId, gatewayRequest.spanId);
    const entitiesRequest = spans.find(
      (s) => s.service === "gcn-entities" && s.parentSpanId === fetchSpan.spanId,
    );
    assert.ok(entitiesRequest, "the entities request span is a child of the gateway's fetch");
    assert.equal(entitiesRequest.attributes["gcn.request_id"], requestId);
    const consumed = find("gcn-plan", "consume gcn.entities.EntityRegistered.v1");
    assert.equal(consumed.parentSpanId, entitiesRequest.spanId);
    assert.equal(consumed.attributes["gcn.outcome"], "applied");
  });

  it("is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and refuses an endpoint that is not a URL", () => {
    assert.equal(readTracingConfig(new EnvReader({})), undefined);
    assert.deepEqual(
      readTracingConfig(new EnvReader({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })),
      { otlpEndpoint: "http://collector:4318" },
    );
    assert.throws(
      () => readTracingConfig(new EnvReader({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })),
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});

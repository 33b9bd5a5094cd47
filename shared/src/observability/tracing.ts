import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { EnvReader } from "../config/env-reader";

export { SpanKind };

/** OpenTelemetry export, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export interface TracingConfig {
  /** OTLP/HTTP base URL of a collector, e.g. http://otel-collector:4318; traces go to /v1/traces. */
  otlpEndpoint: string;
}

export function readTracingConfig(env: EnvReader): TracingConfig | undefined {
  if (!env.optional("OTEL_EXPORTER_OTLP_ENDPOINT")) return undefined;
  return { otlpEndpoint: env.url("OTEL_EXPORTER_OTLP_ENDPOINT").replace(/\/+$/, "") };
}

/** One unit of traced work; its traceparent is what the next hop (HTTP call, event) carries. */
export interface TraceSpan {
  /** W3C traceparent of this span; undefined when tracing is off. */
  readonly traceparent: string | undefined;
  setAttributes(attributes: Attributes): void;
  updateName(name: string): void;
  /** Ends the span, marked failed when an error (or message) is given. */
  end(error?: unknown): void;
}

const NO_SPAN: TraceSpan = {
  traceparent: undefined,
  setAttributes() {},
  updateName() {},
  end() {},
};

const propagator = new W3CTraceContextPropagator();

class ExportedSpan implements TraceSpan {
  readonly traceparent: string | undefined;
  constructor(private readonly span: Span) {
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
    this.traceparent = carrier.traceparent;
  }
  setAttributes(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }
  updateName(name: string): void {
    this.span.updateName(name);
  }
  end(error?: unknown): void {
    if (error !== undefined) {
      this.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    this.span.end();
  }
}

/**
 * A process's tracing for one service. Spans are started from an explicit parent (a
 * traceparent from an HTTP header or an event) rather than from async context: the embedded
 * launcher runs every service in one process, each with its own provider and service.name.
 */
export class Tracing {
  private constructor(
    private readonly tracer?: Tracer,
    private readonly provider?: BasicTracerProvider,
  ) {}

  static readonly off = new Tracing();

  /** Exports this service's spans over OTLP/HTTP when configured; otherwise does nothing. */
  static start(serviceName: string, config: TracingConfig | undefined): Tracing {
    if (!config) return Tracing.off;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        "service.name": `gcn-${serviceName}`,
        "service.namespace": "gcn",
      }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }), {
          // Short enough that a trace shows up while someone is looking for it.
          scheduledDelayMillis: 1000,
        }),
      ],
    });
    return new Tracing(provider.getTracer("@gcn/shared"), provider);
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** A span whose parent is `parent` (a W3C traceparent), or a new trace without one. */
  startSpan(
    name: string,
    kind: SpanKind,
    parent: string | undefined,
    attributes: Attributes = {},
  ): TraceSpan {
    if (!this.tracer) return NO_SPAN;
    const parentContext = parent
      ? propagator.extract(ROOT_CONTEXT, { traceparent: parent }, defaultTextMapGetter)
      : ROOT_CONTEXT;
    return new ExportedSpan(this.tracer.startSpan(name, { kind, attributes }, parentContext));
  }

  /** Sends what is buffered and stops exporting. */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** The traceparent header of an incoming request, when it is one. */
export function traceparentOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/.test(value) ? value : undefined;
}

import type { Identity } from "../auth/identity";
import type { LoaderRegistry } from "../dataloader/loader-registry";
import type { EventMetadata } from "../events/record-event";
import type { Logger } from "../logging/logger";
import type { TraceSpan } from "../observability/tracing";

export type Locale = "AR" | "EN";

/** What every resolver of every subgraph gets. */
export interface RequestContext {
  requestId: string;
  identity?: Identity;
  logger: Logger;
  /** From Accept-Language: `en` gives English where a field has it. */
  locale: Locale;
  loaders: LoaderRegistry;
  /** This request's span (OpenTelemetry); its traceparent goes into the events it records. */
  trace?: TraceSpan;
}

/** What a command needs of its caller: the request id (correlation) and who it is (actor). */
export type CommandContext = Pick<RequestContext, "requestId" | "identity" | "trace">;

/**
 * The event metadata of a request: its id becomes the correlation id, the caller the actor, and
 * its span (when traced) the parent of the consumers' spans.
 */
export function eventMetadata(context: CommandContext): EventMetadata {
  return {
    correlationId: context.requestId,
    actor: context.identity?.sub ?? "system",
    traceparent: context.trace?.traceparent,
  };
}

/**
 * Picks a bilingual field pair's text: in the field's `locale` argument when given, else in the
 * request's language (Accept-Language); English falls back to Arabic where there is none.
 */
export function localized(
  context: RequestContext,
  ar: string,
  en?: string | null,
  locale?: Locale | null,
): string {
  return (locale ?? context.locale) === "EN" && en ? en : ar;
}

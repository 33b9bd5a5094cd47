import type { Identity, ObservedContext } from "@gcn/shared";

export interface GatewayContext extends ObservedContext {
  identity?: Identity;
  acceptLanguage?: string;
  /** Aborts when the client hangs up before its answer is written (its fetches stop waiting). */
  signal?: AbortSignal;
}

import type { Identity, ObservedContext } from "@gcn/shared";

export interface GatewayContext extends ObservedContext {
  identity?: Identity;
  acceptLanguage?: string;
}

import type { Identity } from "@gcn/shared";

export interface GatewayContext {
  requestId: string;
  identity?: Identity;
  acceptLanguage?: string;
}

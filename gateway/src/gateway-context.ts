import type { Identity, ObservedContext } from "@gcn/shared";
import type { FetchReplay } from "./planned/fetch-replay";
import type { CancelSignal } from "./cancel-signal";

export interface GatewayContext extends ObservedContext {
  identity?: Identity;
  acceptLanguage?: string;
  /** Aborts when the client hangs up before its answer is written (its fetches stop waiting). */
  signal?: CancelSignal;
  /** The subgraph calls made by the planned path, replayed if Apollo's executor takes over. */
  fetches?: FetchReplay;
}

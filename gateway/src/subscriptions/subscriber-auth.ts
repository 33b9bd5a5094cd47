import { coded } from "@gcn/shared";
import { decodeJwt } from "jose";
import type { JwtVerifier } from "../auth/jwt-verifier";
import type { SubscriberIdentity } from "./subscription-service";

/**
 * The subscriber behind an `Authorization` value (the header on SSE, `connection_init`'s
 * `authorization` on WebSocket), with when its token expires; UNAUTHENTICATED otherwise. As on
 * queries: no valid token, no subscription.
 */
export async function subscriberOf(
  verifier: JwtVerifier,
  authorization: unknown,
): Promise<SubscriberIdentity> {
  if (typeof authorization !== "string" || authorization === "") {
    throw coded("UNAUTHENTICATED", "A subscription needs a token: Bearer <token>");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw coded("UNAUTHENTICATED", "Authorization must be: Bearer <token>");
  try {
    const identity = await verifier.verify(match[1]!);
    const exp = decodeJwt(match[1]!).exp;
    return { identity, expiresAt: exp ? exp * 1000 : undefined };
  } catch (error) {
    throw coded(
      "UNAUTHENTICATED",
      `Invalid token: ${error instanceof Error ? error.message : "rejected"}`,
    );
  }
}

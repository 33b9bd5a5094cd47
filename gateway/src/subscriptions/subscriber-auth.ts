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
  const { identity, token } = await verifier.verifyBearer(authorization);
  const exp = decodeJwt(token).exp;
  return { identity, expiresAt: exp ? exp * 1000 : undefined };
}

import { SignJWT } from "jose";
import type { Role } from "./identity";

export interface TokenRequest {
  sub: string;
  name?: string;
  roles: Role[];
  entityId?: string;
  expiresIn?: string;
}

/** A development token signed with the local HS256 secret (what `npm run token` prints). */
export async function signDevToken(
  secret: string,
  request: TokenRequest,
  claimsFor: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const claims: Record<string, unknown> = { roles: request.roles };
  if (request.name) claims.name = request.name;
  if (request.entityId) claims.entityId = request.entityId;
  const token = new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" });
  if (claimsFor.issuer) token.setIssuer(claimsFor.issuer);
  if (claimsFor.audience) token.setAudience(claimsFor.audience);
  return token
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? "12h")
    .sign(new TextEncoder().encode(secret));
}

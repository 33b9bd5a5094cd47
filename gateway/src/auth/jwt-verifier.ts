import { parseIdentity, unauthenticated, type Identity } from "@gcn/shared";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";

export interface JwtSettings {
  jwtSecret: string;
  previousJwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
}

/**
 * Verifies bearer tokens: HS256 with JWT_SECRET for local use, or keys from JWKS_URL in
 * production. Returns the caller's identity (sub, name, roles, entityId).
 */
export class JwtVerifier {
  private readonly keySet?: JWTVerifyGetKey;
  private readonly secret: Uint8Array;
  private readonly previousSecret?: Uint8Array;
  /**
   * Tokens already verified, until they expire: a front end sends the same token with every
   * request, and verifying a signature each time costs more than the rest of a small query.
   */
  private readonly verified = new Map<string, { identity: Identity; expiresAtMs: number }>();
  private static readonly CACHE_LIMIT = 10_000;

  constructor(private readonly settings: JwtSettings) {
    this.secret = new TextEncoder().encode(settings.jwtSecret);
    if (settings.previousJwtSecret) {
      this.previousSecret = new TextEncoder().encode(settings.previousJwtSecret);
    }
    if (settings.jwksUrl) this.keySet = createRemoteJWKSet(new URL(settings.jwksUrl));
  }

  /**
   * The caller behind an `Authorization: Bearer <token>` value, with the token itself;
   * UNAUTHENTICATED (401) for anything else.
   */
  async verifyBearer(authorization: string): Promise<{ identity: Identity; token: string }> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated("Authorization must be: Bearer <token>");
    try {
      return { identity: await this.verify(match[1]!), token: match[1]! };
    } catch (error) {
      throw unauthenticated(
        `Invalid token: ${error instanceof Error ? error.message : "rejected"}`,
      );
    }
  }

  /**
   * The caller behind an `Authorization` value whose token was verified before and has not
   * expired, found without waiting; undefined when verifyBearer is to be asked. Nearly every
   * request of a front end is one of these, and an await saved on each counts on a small query.
   */
  knownBearer(authorization: string): Identity | undefined {
    return authorization.startsWith("Bearer ") ? this.cached(authorization.slice(7)) : undefined;
  }

  private cached(token: string): Identity | undefined {
    const cached = this.verified.get(token);
    if (!cached) return undefined;
    if (cached.expiresAtMs > Date.now()) return cached.identity;
    this.verified.delete(token);
    return undefined;
  }

  async verify(token: string): Promise<Identity> {
    const cached = this.cached(token);
    if (cached) return cached;
    const options = {
      issuer: this.settings.jwtIssuer,
      audience: this.settings.jwtAudience,
      algorithms: this.keySet ? ["RS256", "ES256", "PS256", "EdDSA"] : ["HS256"],
    };
    const { payload } = this.keySet
      ? await jwtVerify(token, this.keySet, options)
      : await jwtVerify(token, this.secret, options).catch((error: unknown) => {
          // During a key rotation, tokens signed with the previous secret stay valid.
          if (!this.previousSecret) throw error;
          return jwtVerify(token, this.previousSecret, options).catch(() => {
            throw error;
          });
        });
    const identity = parseIdentity(payload);
    // Only tokens that expire are remembered, and never past their expiry (nor past 5 minutes,
    // so a key rotation on the JWKS side takes effect soon).
    if (payload.exp) {
      if (this.verified.size >= JwtVerifier.CACHE_LIMIT) this.verified.clear();
      this.verified.set(token, {
        identity,
        expiresAtMs: Math.min(payload.exp * 1000, Date.now() + 5 * 60_000),
      });
    }
    return identity;
  }
}

// Development tokens are signed in the shared kit (the briefings mint their issuer token too).
export { signDevToken, type TokenRequest } from "@gcn/shared";

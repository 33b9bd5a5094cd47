import { createHmac, timingSafeEqual } from "node:crypto";

export const ROLES = ["ADMIN", "LIAISON", "ANALYST", "INGEST"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as verified by the gateway from the caller's JWT. */
export interface Identity {
  sub: string;
  name?: string;
  roles: Role[];
  /** For a LIAISON: the government entity they represent. */
  entityId?: string;
}

export const IDENTITY_HEADER = "x-gcn-identity";
export const SIGNATURE_HEADER = "x-gcn-signature";
export const REQUEST_ID_HEADER = "x-request-id";

function sign(encodedIdentity: string, secret: string): string {
  return createHmac("sha256", secret).update(encodedIdentity).digest("base64url");
}

/** The two headers the gateway sends to a subgraph: base64url JSON identity and its HMAC. */
export function signIdentity(identity: Identity, secret: string): Record<string, string> {
  const encoded = Buffer.from(JSON.stringify(identity), "utf8").toString("base64url");
  return { [IDENTITY_HEADER]: encoded, [SIGNATURE_HEADER]: sign(encoded, secret) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The identity from signed headers, or null when a header is missing, the signature does not
 * match (timing-safe compare) or the payload is not a well-formed identity.
 */
export function verifyIdentity(
  headers: Record<string, string | string[] | undefined>,
  secrets: string | readonly string[],
): Identity | null {
  const encoded = headerValue(headers[IDENTITY_HEADER]);
  const signature = headerValue(headers[SIGNATURE_HEADER]);
  if (!encoded || !signature) return null;
  const given = Buffer.from(signature);
  // During a rotation the current and the previous secret are both accepted.
  const signedByOne = (typeof secrets === "string" ? [secrets] : secrets).some((secret) => {
    const expected = Buffer.from(sign(encoded, secret));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!signedByOne) return null;
  try {
    return parseIdentity(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")));
  } catch {
    return null;
  }
}

/** Checks the shape of an identity (from a JWT or a header); throws on anything else. */
export function parseIdentity(value: unknown): Identity {
  if (typeof value !== "object" || value === null) throw new Error("identity must be an object");
  const raw = value as Record<string, unknown>;
  if (typeof raw.sub !== "string" || raw.sub === "") throw new Error("identity needs a sub");
  const roles = raw.roles;
  if (!Array.isArray(roles) || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    throw new Error(`identity roles must be among ${ROLES.join(", ")}`);
  }
  const identity: Identity = { sub: raw.sub, roles: roles as Role[] };
  if (typeof raw.name === "string") identity.name = raw.name;
  if (typeof raw.entityId === "string" && raw.entityId !== "") identity.entityId = raw.entityId;
  return identity;
}

export function hasRole(identity: Identity | undefined, ...roles: Role[]): boolean {
  return !!identity && identity.roles.some((role) => roles.includes(role));
}

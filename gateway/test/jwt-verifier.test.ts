import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JwtVerifier, signDevToken } from "../src/auth/jwt-verifier";

const SECRET = "a-local-jwt-secret-that-is-long-enough";

describe("JWT verification", () => {
  const verifier = new JwtVerifier({ jwtSecret: SECRET });

  it("accepts a dev token and returns the identity in it", async () => {
    const token = await signDevToken(SECRET, {
      sub: "u1",
      name: "Noora",
      roles: ["LIAISON"],
      entityId: "e1",
    });
    assert.deepEqual(await verifier.verify(token), {
      sub: "u1",
      name: "Noora",
      roles: ["LIAISON"],
      entityId: "e1",
    });
  });

  it("refuses a token signed with another secret", async () => {
    const token = await signDevToken("another-secret-that-is-long-enough!!", {
      sub: "u1",
      roles: ["ADMIN"],
    });
    await assert.rejects(verifier.verify(token), /signature/);
  });

  it("accepts tokens of the previous secret during a rotation, and only then", async () => {
    const previous = "the-previous-jwt-secret-being-rotated-out";
    const rotating = new JwtVerifier({ jwtSecret: SECRET, previousJwtSecret: previous });
    const old = await signDevToken(previous, { sub: "u2", roles: ["ANALYST"] });
    assert.deepEqual(await rotating.verify(old), { sub: "u2", roles: ["ANALYST"] });
    const fresh = await signDevToken(SECRET, { sub: "u3", roles: ["ANALYST"] });
    assert.deepEqual(await rotating.verify(fresh), { sub: "u3", roles: ["ANALYST"] });
    await assert.rejects(new JwtVerifier({ jwtSecret: SECRET }).verify(old), /signature/);
  });

  it("refuses an expired token", async () => {
    const token = await signDevToken(SECRET, { sub: "u1", roles: ["ADMIN"], expiresIn: "-1m" });
    await assert.rejects(verifier.verify(token), /exp/);
  });

  it("refuses a token whose roles are not the platform's", async () => {
    const token = await signDevToken(SECRET, { sub: "u1", roles: ["ROOT" as never] });
    await assert.rejects(verifier.verify(token), /roles/);
  });

  it("refuses an unsigned (alg none) token", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "u1", roles: ["ADMIN"] })).toString(
      "base64url",
    );
    await assert.rejects(verifier.verify(`${header}.${payload}.`));
  });
  it("knows a token it verified before without waiting, and no other", async () => {
    const fresh = new JwtVerifier({ jwtSecret: SECRET });
    const token = await signDevToken(SECRET, { sub: "u4", roles: ["ADMIN"] });
    assert.equal(fresh.knownBearer(`Bearer ${token}`), undefined, "not verified yet");
    await fresh.verifyBearer(`Bearer ${token}`);
    assert.deepEqual(fresh.knownBearer(`Bearer ${token}`), { sub: "u4", roles: ["ADMIN"] });
    assert.equal(fresh.knownBearer(`Basic ${token}`), undefined);
    assert.equal(fresh.knownBearer(token), undefined);
    // A token that expired is not known any more (verifyBearer then refuses it).
    const brief = await signDevToken(SECRET, { sub: "u5", roles: ["ADMIN"], expiresIn: "1s" });
    await fresh.verifyBearer(`Bearer ${brief}`);
    assert.ok(fresh.knownBearer(`Bearer ${brief}`));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(fresh.knownBearer(`Bearer ${brief}`), undefined);
    await assert.rejects(fresh.verifyBearer(`Bearer ${brief}`), /exp/);
  });
});

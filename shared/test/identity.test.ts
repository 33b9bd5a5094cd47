import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  IDENTITY_HEADER,
  SIGNATURE_HEADER,
  signIdentity,
  verifyIdentity,
  type Identity,
} from "../src/auth/identity";

const SECRET = "a-test-secret-of-enough-length";
const liaison: Identity = { sub: "u-1", name: "Maryam", roles: ["LIAISON"], entityId: "e-1" };

describe("gateway-signed identity", () => {
  it("round-trips an identity signed with the shared secret", () => {
    assert.deepEqual(verifyIdentity(signIdentity(liaison, SECRET), SECRET), liaison);
  });

  it("accepts the current and the previous secret during a rotation", () => {
    const previous = "the-previous-gateway-secret";
    assert.deepEqual(verifyIdentity(signIdentity(liaison, previous), [SECRET, previous]), liaison);
    assert.deepEqual(verifyIdentity(signIdentity(liaison, SECRET), [SECRET, previous]), liaison);
    assert.equal(verifyIdentity(signIdentity(liaison, previous), SECRET), null);
  });

  it("refuses a signature made with another secret", () => {
    assert.equal(verifyIdentity(signIdentity(liaison, "another-secret-entirely-x"), SECRET), null);
  });

  it("refuses an identity changed after signing (role escalation)", () => {
    const headers = signIdentity(liaison, SECRET);
    const forged = Buffer.from(JSON.stringify({ ...liaison, roles: ["ADMIN"] })).toString(
      "base64url",
    );
    assert.equal(verifyIdentity({ ...headers, [IDENTITY_HEADER]: forged }, SECRET), null);
  });

  it("refuses missing headers and a truncated signature", () => {
    const headers = signIdentity(liaison, SECRET);
    assert.equal(verifyIdentity({}, SECRET), null);
    assert.equal(verifyIdentity({ [IDENTITY_HEADER]: headers[IDENTITY_HEADER] }, SECRET), null);
    assert.equal(
      verifyIdentity(
        { ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.slice(0, 10) },
        SECRET,
      ),
      null,
    );
  });

  it("refuses a correctly signed payload that is not an identity", () => {
    const bogus = signIdentity({ sub: "x", roles: ["SUPERUSER" as never] }, SECRET);
    assert.equal(verifyIdentity(bogus, SECRET), null);
  });
});

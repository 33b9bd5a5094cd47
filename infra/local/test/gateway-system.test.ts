import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { JwtVerifier, signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET, IDENTITY_HEADER, signIdentity, type Role } from "@gcn/shared";
import { postGraphQL } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "../../../..");

/** The system through its one endpoint: gateway + subgraphs, real PostgreSQL, tokens. */
describe("system test through the gateway", () => {
  let platform: TestPlatform;
  let gatewayUrl: string;
  let subgraphUrl: string;
  const token = (roles: Role[], entityId?: string) => platform.token(roles, entityId);
  const asRole = (
    roles: Role[],
    query: string,
    variables: Record<string, unknown> = {},
    entityId?: string,
  ) => platform.as(roles, query, variables, entityId);

  before(async () => {
    platform = await startPlatformForTest();
    gatewayUrl = platform.gatewayUrl;
    subgraphUrl = platform.subgraphUrls.entities!;
  });

  after(async () => {
    await platform.stop();
  });

  it("registers an entity, finds it by code, and finds it by Arabic text without hamza", async () => {
    const registered = await asRole(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "MIA", nameAr: "وزارة شؤون الإعلام", nameEn: "Ministry of Information Affairs", kind: MINISTRY }) { id code } }`,
    );
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    const found = await asRole(
      ["ANALYST"],
      `{ entityByCode(code: "MIA") { code name } entities(filter: { search: "الاعلام" }) { totalCount edges { node { code } } } }`,
    );
    assert.deepEqual(found.data, {
      entityByCode: { code: "MIA", name: "وزارة شؤون الإعلام" },
      entities: { totalCount: 1, edges: [{ node: { code: "MIA" } }] },
    });
  });

  it("shows liaison contact details to the centre and liaisons, never to analysts", async () => {
    const mia = await asRole(["ADMIN"], `{ entityByCode(code: "MIA") { id } }`);
    const entityId = (mia.data as { entityByCode: { id: string } }).entityByCode.id;
    const appointed = await asRole(
      ["ADMIN"],
      `mutation($e: ID!) { appointLiaison(input: { entityId: $e, fullNameAr: "علي حسن الإمام", role: MEDIA, email: "ali@mia.gov.bh" }) { id } }`,
      { e: entityId },
    );
    assert.equal(appointed.errors, undefined, JSON.stringify(appointed.errors));
    const query = `{ entityByCode(code: "MIA") { liaisons { fullNameAr email } } }`;
    const analyst = await asRole(["ANALYST"], query);
    assert.deepEqual(analyst.data, {
      entityByCode: { liaisons: [{ fullNameAr: "علي حسن الإمام", email: null }] },
    });
    const liaison = await asRole(["LIAISON"], query, {}, entityId);
    assert.deepEqual(liaison.data, {
      entityByCode: { liaisons: [{ fullNameAr: "علي حسن الإمام", email: "ali@mia.gov.bh" }] },
    });
  });

  it("answers 401 UNAUTHENTICATED without a token or with a bad one", async () => {
    const anonymous = await postGraphQL(gatewayUrl, `{ entities { totalCount } }`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
    const forged = await postGraphQL(
      gatewayUrl,
      `{ entities { totalCount } }`,
      {},
      {
        authorization: `Bearer ${await signDevToken("a-different-secret-that-is-long-enough", { sub: "x", roles: ["ADMIN"] })}`,
      },
    );
    assert.equal(forged.status, 401);
    assert.equal(forged.data, undefined);
  });

  it("lets an explorer introspect the schema before logging in", async () => {
    const introspection = await postGraphQL(gatewayUrl, `{ __schema { queryType { name } } }`);
    assert.equal(introspection.status, 200);
    assert.deepEqual(introspection.data, { __schema: { queryType: { name: "Query" } } });
  });

  it("drops a client-sent identity header: an analyst claiming ADMIN is still an analyst", async () => {
    const claimed = signIdentity({ sub: "intruder", roles: ["ADMIN"] }, "guessed-secret-value-xyz");
    const result = await postGraphQL(
      gatewayUrl,
      `mutation { registerEntity(input: { code: "FORGED", nameAr: "جهة مزورة", kind: OTHER }) { id } }`,
      {},
      {
        authorization: `Bearer ${await token(["ANALYST"])}`,
        ...claimed,
        [IDENTITY_HEADER]: claimed[IDENTITY_HEADER]!,
      },
    );
    assert.equal(result.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const check = await asRole(["ADMIN"], `{ entityByCode(code: "FORGED") { id } }`);
    assert.deepEqual(check.data, { entityByCode: null });
  });

  it("passes coded errors through with their field", async () => {
    const result = await asRole(
      ["ADMIN"],
      `mutation { registerEntity(input: { code: "X1", nameAr: "و", kind: OTHER }) { id } }`,
    );
    assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(result.errors?.[0]?.extensions?.field, "input.nameAr");
  });

  it("refuses a direct request to the subgraph that the gateway did not sign", async () => {
    const direct = await postGraphQL(subgraphUrl, `{ entities { totalCount } }`);
    assert.equal(direct.status, 401);
    assert.equal(direct.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
  });

  it("`npm run -s token` prints a verifiable token and nothing else", async () => {
    const { stdout } = await run(process.execPath, [
      path.join(REPO_ROOT, "gateway/dist/src/token-cli.js"),
      "--role",
      "ANALYST",
      "--role",
      "INGEST",
    ]);
    const lines = stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const identity = await new JwtVerifier({ jwtSecret: DEV_JWT_SECRET }).verify(lines[0]!);
    assert.deepEqual(identity.roles, ["ANALYST", "INGEST"]);
    await assert.rejects(
      run(process.execPath, [
        path.join(REPO_ROOT, "gateway/dist/src/token-cli.js"),
        "--role",
        "LIAISON",
      ]),
      /needs --entity/,
    );
  });
});

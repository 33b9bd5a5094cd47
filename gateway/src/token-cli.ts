import { isUuid, ROLES, type Role } from "@gcn/shared";
import { parseArgs } from "node:util";
import { signDevToken } from "./auth/jwt-verifier";
import { readGatewayConfig } from "./config";

const USAGE = `usage: npm run -s token -- --role ADMIN|LIAISON|ANALYST|INGEST [--role ...] [--entity <id|code>] [--sub <id>] [--name <name>]
  --entity  the government entity a LIAISON represents; a code (e.g. MIA) is looked up through
            the running gateway (GATEWAY_URL, default http://localhost:4000/graphql)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function entityIdForCode(code: string, secret: string): Promise<string> {
  const url = process.env.GATEWAY_URL ?? "http://localhost:4000/graphql";
  const admin = await signDevToken(secret, { sub: "token-cli", roles: ["ADMIN"], expiresIn: "1m" });
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: "query($code:String!){ entityByCode(code:$code){ id } }",
        variables: { code },
      }),
    });
  } catch {
    fail(
      `Cannot reach the gateway at ${url} to look up ${code}: start the platform or pass the entity's id`,
    );
  }
  const body = (await response.json()) as { data?: { entityByCode?: { id: string } | null } };
  const id = body.data?.entityByCode?.id;
  if (!id) fail(`No government entity has the code ${code}`);
  return id;
}

/** `npm run -s token`: prints a signed development token and nothing else. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string", multiple: true },
      entity: { type: "string" },
      sub: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const roles = (values.role ?? []).map((role) => role.toUpperCase());
  if (roles.length === 0) fail("--role is required");
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) fail(`unknown role ${role}`);
  }
  const config = readGatewayConfig();
  let entityId: string | undefined;
  if (values.entity) {
    entityId = isUuid(values.entity)
      ? values.entity
      : await entityIdForCode(values.entity, config.jwtSecret);
  }
  if (roles.includes("LIAISON") && !entityId) fail("a LIAISON token needs --entity <id|code>");
  const token = await signDevToken(config.jwtSecret, {
    sub: values.sub ?? `dev-${roles.join("-").toLowerCase()}`,
    name: values.name ?? `Dev ${roles.join("/")}`,
    roles: roles as Role[],
    entityId,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

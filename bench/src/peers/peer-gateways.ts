import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SERVICE_NAMES, serviceFolder } from "@gcn/shared";
import { freePort } from "@gcn/shared/testing";
import {
  LOG_DIR,
  progress,
  REPO_ROOT,
  startProcess,
  stopProcess,
  type BenchStack,
} from "../bench-stack";
import { graphql } from "../load-runner";

/** Waits until the gateway answers a query (stock Apollo Server refuses a plain GET: CSRF). */
async function waitForGraphQL(gateway: PeerGateway, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await graphql(gateway.url, "{ __typename }", {}, gateway.headers);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${gateway.label} did not answer within ${timeoutMs} ms: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** One gateway under measurement: where to send, as whom, and which process to read. */
export interface PeerGateway {
  /** "ours", "stock @apollo/gateway" or "Grafbase": the table's columns. */
  name: string;
  /** The column: the name, and for those that have it, whether deduplication is on. */
  label: string;
  deduplicate: boolean;
  url: string;
  headers: Record<string, string>;
  pid: number;
  stop(): Promise<void>;
}

const SUPERGRAPH = path.join(REPO_ROOT, "infra/supergraph/supergraph.graphql");

/** Grafbase's CLI for this machine from npm (an optional devDependency of the bench). */
function grafbaseBinary(): string | undefined {
  try {
    const manifest = require.resolve("@grafbase/cli-x86_64-unknown-linux-musl/package.json");
    const binary = path.join(path.dirname(manifest), "grafbase");
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Grafbase's gateway configuration: our subgraphs, the fixed signed headers, deduplication. */
function grafbaseConfig(
  subgraphUrls: Record<string, string>,
  signed: Record<string, string>,
  deduplicate: boolean,
): string {
  const subgraphs = SERVICE_NAMES.map(
    (name) =>
      `[subgraphs.${name}]\nurl = ${JSON.stringify(subgraphUrls[name])}\n` +
      `schema_path = ${JSON.stringify(path.join(REPO_ROOT, serviceFolder(name), "schema.graphql"))}\n`,
  );
  const headers = Object.entries(signed).map(
    ([name, value]) =>
      `[[headers]]\nrule = "insert"\nname = ${JSON.stringify(name)}\nvalue = ${JSON.stringify(value)}\n`,
  );
  return [
    ...subgraphs,
    ...headers,
    `[traffic_shaping]\ninflight_deduplication = ${deduplicate}\n`,
  ].join("\n");
}

function spawnLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`));
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

/**
 * Ours (deduplication off and on), stock @apollo/gateway on Apollo Server, and Grafbase's
 * gateway (off and on) when its binary is installed, over the stack's subgraphs. The peers get
 * the fixed signed headers of one ANALYST; ours gets that ANALYST's token.
 */
export async function startPeerGateways(stack: BenchStack): Promise<PeerGateway[]> {
  const analyst = { sub: "bench-peer", roles: ["ANALYST" as const] };
  const signed = stack.signed(analyst);
  const token = { authorization: `Bearer ${await stack.token(["ANALYST"], "bench-peer")}` };
  const gateways: PeerGateway[] = [];
  const started = async (gateway: PeerGateway) => {
    gateways.push(gateway);
    await waitForGraphQL(gateway);
  };
  try {
    for (const deduplicate of [false, true]) {
      const ours = await stack.startGateway(`gateway-peers-${deduplicate ? "on" : "off"}`, {
        GATEWAY_DEDUPLICATE: String(deduplicate),
      });
      gateways.push({
        name: "ours",
        label: `ours (dedup ${deduplicate ? "on" : "off"})`,
        deduplicate,
        headers: token,
        ...ours,
      });
    }
    const stockPort = await freePort();
    const stock = startProcess(
      "stock-apollo-gateway",
      "bench/dist/src/peers/stock-apollo-gateway-main.js",
      {
        NODE_ENV: "production",
        PEER_PORT: String(stockPort),
        PEER_SUPERGRAPH_PATH: SUPERGRAPH,
        PEER_SUBGRAPH_URLS: JSON.stringify(stack.subgraphUrls),
        PEER_SIGNED_HEADERS: JSON.stringify(signed),
      },
    );
    const stockUrl = `http://127.0.0.1:${stockPort}/graphql`;
    await started({
      name: "stock @apollo/gateway",
      label: "stock @apollo/gateway",
      deduplicate: false,
      url: stockUrl,
      headers: {},
      pid: stock.pid!,
      stop: () => stopProcess(stock),
    });
    const binary = grafbaseBinary();
    if (!binary) {
      progress("P1p: Grafbase's binary is not installed (linux x64 only): measured without it");
      return gateways;
    }
    for (const deduplicate of [false, true]) {
      const port = await freePort();
      // Its own home, outside the repository: the CLI unpacks its dev app there.
      const folder = mkdtempSync(
        path.join(tmpdir(), `gcn-grafbase-${deduplicate ? "on" : "off"}-`),
      );
      const config = path.join(folder, "grafbase.toml");
      writeFileSync(config, grafbaseConfig(stack.subgraphUrls, signed, deduplicate));
      // `dev` composes our subgraphs' schemas itself and needs no account or network.
      const child = spawnLogged(
        `grafbase-${deduplicate ? "on" : "off"}`,
        binary,
        ["dev", "-c", config, "-p", String(port)],
        { PATH: process.env.PATH, HOME: folder, NO_COLOR: "1" },
      );
      const url = `http://127.0.0.1:${port}/graphql`;
      await started({
        name: "Grafbase",
        label: `Grafbase (dedup ${deduplicate ? "on" : "off"})`,
        deduplicate,
        url,
        headers: {},
        pid: child.pid!,
        stop: async () => {
          await stopProcess(child);
          rmSync(folder, { recursive: true, force: true });
        },
      });
    }
    return gateways;
  } catch (error) {
    for (const gateway of gateways) await gateway.stop();
    throw error;
  }
}

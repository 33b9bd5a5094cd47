import { createLogger, stopOnSignals } from "@gcn/shared";
import { readGatewayConfig } from "./config";
import { GatewayServer } from "./gateway-server";

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const logger = createLogger("gateway", config.logLevel);
  const server = new GatewayServer(config, logger);
  stopOnSignals(() => server.close(), logger);
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

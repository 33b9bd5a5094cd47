import "reflect-metadata";
import { createLogger, stopOnSignals } from "@gcn/shared";
import { readInitiativesConfig } from "./config";
import { createInitiativesService } from "./initiatives-service";

async function main(): Promise<void> {
  const config = readInitiativesConfig();
  const logger = createLogger("initiatives", config.logLevel);
  const service = await createInitiativesService({ config, logger });
  stopOnSignals(() => service.stop(), logger);
  await service.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

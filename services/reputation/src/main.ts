import "reflect-metadata";
import { createLogger, stopOnSignals } from "@gcn/shared";
import { readReputationConfig } from "./config";
import { createReputationService } from "./reputation-service";

async function main(): Promise<void> {
  const config = readReputationConfig();
  const logger = createLogger("reputation", config.logLevel);
  const service = await createReputationService({ config, logger });
  stopOnSignals(() => service.stop(), logger);
  await service.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

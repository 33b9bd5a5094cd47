import "reflect-metadata";
import { createLogger, stopOnSignals } from "@gcn/shared";
import { readEntitiesConfig } from "./config";
import { createEntitiesService } from "./entities-service";

async function main(): Promise<void> {
  const config = readEntitiesConfig();
  const logger = createLogger("entities", config.logLevel);
  const service = await createEntitiesService({ config, logger });
  stopOnSignals(() => service.stop(), logger);
  await service.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import "reflect-metadata";
import { createLogger, stopOnSignals } from "@gcn/shared";
import { readPlanConfig } from "./config";
import { createPlanService } from "./plan-service";

async function main(): Promise<void> {
  const config = readPlanConfig();
  const logger = createLogger("plan", config.logLevel);
  const service = await createPlanService({ config, logger });
  stopOnSignals(() => service.stop(), logger);
  await service.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

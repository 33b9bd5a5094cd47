import "reflect-metadata";
import { createLogger, stopOnSignals } from "@gcn/shared";
import { readLocalConfig } from "./local-config";
import { startLocalPlatform } from "./local-platform";

async function main(): Promise<void> {
  const started = Date.now();
  const config = readLocalConfig();
  const logger = createLogger("local", process.env.LOG_LEVEL ?? "warn");
  process.stdout.write(
    `Starting the GCN platform (${config.databaseUrl ? "PostgreSQL from DATABASE_URL" : `embedded PostgreSQL in ${config.dataDir}`}, ` +
      `${config.kafkaBrokers ? `Kafka at ${config.kafkaBrokers.join(",")}` : "in-process events"})...\n`,
  );
  const platform = await startLocalPlatform(config, logger);
  // Past 9 s the launcher exits anyway: Ctrl-C is answered within 10 s.
  stopOnSignals(platform.stop, logger, 9_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      ``,
      `GCN supergraph ready in ${seconds} s`,
      `  Gateway (GraphQL + Apollo Sandbox): ${platform.gatewayUrl}`,
      `  Explorer (works offline):           ${platform.gatewayUrl.replace(/\/graphql$/, "/explorer/")}`,
      `  Subgraphs (signed requests only): ${Object.entries(platform.services)
        .map(([name, service]) => `${name} http://localhost:${service.port}/graphql`)
        .join(", ")}`,
      ``,
      `  Get a token:   npm run -s token -- --role ADMIN`,
      `  Try it:        curl -s ${platform.gatewayUrl} -H "authorization: Bearer $(npm run -s token -- --role ADMIN)" \\`,
      `                   -H 'content-type: application/json' -d '{"query":"{ entities(first: 5) { totalCount edges { node { id code name } } } }"}'`,
      `  Stop:          Ctrl-C`,
      ``,
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(
    `Could not start the platform: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});

import {
  createService,
  readConfigOf,
  SERVICE_REGISTRY,
  type EnvReader,
  type EventTransport,
  type Logger,
  type ServiceDescriptor,
  type ServiceName,
  type ServiceRuntime,
} from "@gcn/shared";

/**
 * Every registered service's descriptor, from its package (`service`, exported by its index), in
 * registry order: the launcher, the test kit and the schema emitter start from this list alone.
 */
export function platformServices(): ServiceDescriptor[] {
  return SERVICE_REGISTRY.map((entry) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(entry.package) as { service?: ServiceDescriptor };
    if (loaded.service?.name !== entry.name) {
      throw new Error(`${entry.package} must export its ServiceDescriptor as \`service\``);
    }
    return loaded.service;
  });
}

export type PlatformRuntimes = Record<ServiceName, ServiceRuntime>;

/**
 * Creates and starts every service in registry order on one environment, pushing each one's
 * stop (last started, first stopped is the caller's to keep) as it starts.
 */
export async function startPlatformServices(
  env: EnvReader,
  options: {
    logger: Logger;
    transport?: EventTransport;
    onStarted?: (name: ServiceName, stop: () => Promise<void>) => void;
  },
): Promise<PlatformRuntimes> {
  const runtimes: Partial<PlatformRuntimes> = {};
  for (const descriptor of platformServices()) {
    const runtime = await createService(descriptor, {
      config: readConfigOf(descriptor, env),
      logger: options.logger.child({ service: descriptor.name }),
      transport: options.transport,
      env,
    });
    await runtime.start();
    runtimes[descriptor.name] = runtime;
    options.onStarted?.(descriptor.name, () => runtime.stop());
  }
  return runtimes as PlatformRuntimes;
}

/** Where each running service answers GraphQL: the port it really listens on. */
export function subgraphUrlsOf(runtimes: PlatformRuntimes): Record<string, string> {
  return Object.fromEntries(
    Object.entries(runtimes).map(([name, runtime]) => [
      name,
      `http://127.0.0.1:${runtime.port}/graphql`,
    ]),
  );
}

/** The gateway's `SUBGRAPH_URL_<NAME>` variables for those URLs. */
export function subgraphUrlVariables(urls: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url]),
  );
}

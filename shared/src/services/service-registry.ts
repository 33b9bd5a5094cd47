/**
 * The platform's subgraph services, once: the gateway's subgraph URLs, the launcher, the test
 * kit, the benchmark, the schema emitter and the supergraph composition all loop over this list.
 * A fifth service is a new folder under services/ (its package exports a ServiceDescriptor named
 * `service`) and one entry here.
 */
export const SERVICE_REGISTRY = [
  {
    name: "entities",
    port: 4001,
    database: "gcn_entities",
    package: "@gcn/entities",
    summary: "government entities, liaison officers and the monthly network meetings",
  },
  {
    name: "plan",
    port: 4002,
    database: "gcn_plan",
    package: "@gcn/plan",
    summary: "the monthly and annual communication plan: items, calendar, clashes",
  },
  {
    name: "initiatives",
    port: 4003,
    database: "gcn_initiatives",
    package: "@gcn/initiatives",
    summary: "media initiatives and their sessions",
  },
  {
    name: "reputation",
    port: 4004,
    database: "gcn_reputation",
    package: "@gcn/reputation",
    summary: "digital-reputation metrics, scores, reports and recommendations",
  },
  {
    name: "briefings",
    port: 4005,
    database: "gcn_briefings",
    package: "@gcn/briefings",
    summary: "the monthly briefing pack (HTML and PDF, Arabic and English), issued and kept",
  },
] as const;

export type RegisteredService = (typeof SERVICE_REGISTRY)[number];
export type ServiceName = RegisteredService["name"];

export const SERVICE_NAMES: readonly ServiceName[] = SERVICE_REGISTRY.map((entry) => entry.name);

export function registeredService(name: string): RegisteredService {
  const entry = SERVICE_REGISTRY.find((candidate) => candidate.name === name);
  if (!entry) {
    throw new Error(`No service "${name}" in the registry (known: ${SERVICE_NAMES.join(", ")})`);
  }
  return entry;
}

/** Where a service's package lives in the repository, e.g. `services/plan`. */
export function serviceFolder(name: ServiceName): string {
  return `services/${name}`;
}

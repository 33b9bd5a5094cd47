/** One subgraph as the supergraph names it, with the URL the gateway actually calls. */
export interface SubgraphTarget {
  name: string;
  url: string;
}

/** Reads the subgraphs out of a supergraph's `join__Graph` enum. */
export function subgraphsOf(
  supergraphSdl: string,
  urlOverrides: Record<string, string>,
): SubgraphTarget[] {
  const targets: SubgraphTarget[] = [];
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)) {
    const name = match[1]!;
    targets.push({ name, url: urlOverrides[name] ?? match[2]! });
  }
  return targets;
}

export interface Readiness {
  ready: boolean;
  supergraph: "loaded" | "missing";
  subgraphs: Record<string, string>;
}

/**
 * Ready means: a supergraph is loaded and every subgraph's /health answers. A load balancer
 * keeps traffic away until then; the gateway still serves partial data if one goes down later.
 */
export async function checkReadiness(
  supergraphSdl: string | undefined,
  urlOverrides: Record<string, string>,
  timeoutMs = 2000,
): Promise<Readiness> {
  if (!supergraphSdl) return { ready: false, supergraph: "missing", subgraphs: {} };
  const targets = subgraphsOf(supergraphSdl, urlOverrides);
  const answers = await Promise.all(
    targets.map(async ({ name, url }): Promise<[string, string]> => {
      try {
        const response = await fetch(new URL("/health", url), {
          signal: AbortSignal.timeout(timeoutMs),
        });
        return [name, response.ok ? "up" : `down: HTTP ${response.status}`];
      } catch (error) {
        const reason =
          error instanceof Error && error.name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : "unreachable";
        return [name, `down: ${reason}`];
      }
    }),
  );
  const subgraphs = Object.fromEntries(answers);
  return {
    ready: answers.every(([, state]) => state === "up"),
    supergraph: "loaded",
    subgraphs,
  };
}

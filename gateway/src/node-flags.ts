/**
 * The Node.js flags the gateway runs with, wherever it is deployed: the image's NODE_OPTIONS
 * (infra/docker/Dockerfile), `npm run start -w gateway`, and the benchmark's gateway processes.
 * A test keeps the Dockerfile and the start script equal to this list.
 *
 * A larger young generation: a month page holds about a megabyte of subgraph answers while its
 * other fetches are out, for as long as the slowest subgraph takes. With V8's default 16 MB
 * semi-space, 50 pages in flight outlive two scavenges and are promoted to the old generation,
 * whose collection then took a third of the gateway's CPU; at 64 MB they die young. It costs
 * memory only under load (the young generation grows to it as allocation needs).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];

/**
 * The Node.js flags the gateway runs with, wherever it is deployed: the image's command line
 * (infra/docker/Dockerfile), `npm run start -w gateway`, and the benchmark's gateway processes.
 * A test keeps the Dockerfile and the start script equal to this list. They go on the command
 * line, not in NODE_OPTIONS, which refuses --no-memory-reducer.
 *
 * A larger young generation: a month page holds about a megabyte of subgraph answers while its
 * other fetches are out, for as long as the slowest subgraph takes. With V8's default 16 MB
 * semi-space, 50 pages in flight outlive two scavenges and are promoted to the old generation,
 * whose collection then took a third of the gateway's CPU; at 64 MB they die young. It costs
 * memory only under load (the young generation grows to it as allocation needs).
 *
 * And as large from the start: V8 otherwise sizes the young generation by what survived, and
 * shrinks it again, giving its pages back, whenever allocation slows for a moment (a pause, a
 * slow subgraph). Every regrowth touches new pages: a month page at 50 connections took 2,000
 * to 30,000 page faults per 6 s round, most of them in the scavenger copying survivors into
 * pages just taken; at a fixed 64 MB, 30 to 400, and a quarter less CPU per page in rounds run
 * side by side with the same gateway without it. The price: about 75 MB more resident memory
 * from start-up (240 MB idle instead of 165), no more than before under load.
 *
 * No memory reducer: after a few seconds with little allocation (a pause between bursts of
 * traffic), V8's memory reducer runs a full collection that gives the young generation's pages
 * back to the system, and the next burst takes them again, one page fault per 4 kB, then a run
 * of old-generation collections while the heap regrows. On a virtual machine where a fault
 * costs 16 to 37 µs, the month page's gateway CPU went from about 3.5 to 6 ms in the rounds
 * that followed (65 faults a page instead of 1 or 2); with the flag a `--trace-gc` run of
 * bursts and pauses showed no full collection after start-up. A gateway idle after a peak keeps
 * the memory of that peak.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=64",
  "--min-semi-space-size=64",
  "--no-memory-reducer",
];

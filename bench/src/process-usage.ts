import { readdirSync, readFileSync } from "node:fs";

/** Every process under `pid`, itself included (embedded PostgreSQL, Chromium run as children). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const visit = (id: number) => {
    tree.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/**
 * Proportional set size: shared pages (PostgreSQL's shared buffers, the Node binary) are split
 * between the processes that map them, so the sum is the processes' real memory.
 */
export function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The PSS of a process and everything it started. */
export function treePssBytes(pid: number): { bytes: number; processes: number } {
  const tree = processTree(pid);
  return { bytes: tree.reduce((sum, id) => sum + pssBytes(id), 0), processes: tree.length };
}

/** Linux's clock ticks per second (USER_HZ), in which /proc/<pid>/stat counts CPU time. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) one process has used so far; 0 once it has ended. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at the state, field 3:
    // utime and stime, fields 14 and 15 of stat, are 12 and 13 after the name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process and everything it started have used so far. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, id) => sum + cpuSeconds(id), 0);
}

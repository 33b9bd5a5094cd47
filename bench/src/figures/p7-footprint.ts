import { progress } from "../bench-stack";
import { startEmbeddedStack } from "../embedded-stack";
import { treePssBytes } from "../process-usage";
import { round, type FigureResult } from "./figure";

/** P7: what `npm start` runs, on a fresh data directory (first start: initdb and demo data). */
export async function measureFootprint(): Promise<FigureResult> {
  progress("P7: starting the embedded stack on a fresh data directory");
  const stack = await startEmbeddedStack("footprint");
  try {
    const readySeconds = stack.readySeconds;
    // Idle: let start-up garbage be collected and the demo data's events settle.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const { bytes: rssBytes, processes } = treePssBytes(stack.child.pid!);
    const rssMiB = round(rssBytes / 1024 / 1024, 0);
    return {
      id: "P7",
      what: "footprint: `npm start` (first start, fresh data) to ready; memory of the whole idle stack",
      measured: `ready in ${round(readySeconds, 1)} s; ${rssMiB} MiB (PSS of ${processes} processes)`,
      bar: "ready <= 15 s; RSS <= 1 GiB",
      pass: readySeconds <= 15 && rssBytes <= 1024 ** 3,
      details: { readySeconds, memoryBytes: rssBytes, processes },
    };
  } finally {
    await stack.stop();
  }
}

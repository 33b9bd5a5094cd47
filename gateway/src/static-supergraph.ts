import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from "node:fs";
import path from "node:path";
import type { SupergraphManager } from "@apollo/gateway";
import type { Logger } from "@gcn/shared";

/**
 * Serves the committed, composed supergraph file and reloads it when the file changes, so a
 * department can publish a new composition without restarting the gateway. A file that the
 * gateway rejects leaves the previous supergraph in place.
 */
export class StaticSupergraph implements SupergraphManager {
  private current = "";

  /** The supergraph SDL being served, or undefined before the gateway has loaded one. */
  get loaded(): string | undefined {
    return this.current || undefined;
  }

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly pollIntervalMs = 1000,
  ) {}

  async initialize({ update }: { update: (sdl: string) => void }) {
    this.current = this.read();
    const listener = () => {
      let next: string;
      try {
        next = this.read();
      } catch (error) {
        this.logger.warn(
          { err: error, path: this.path },
          "supergraph file unreadable; keeping the current one",
        );
        return;
      }
      if (next === this.current) return;
      try {
        update(next);
        this.current = next;
        this.logger.info({ path: this.path }, "supergraph reloaded");
      } catch (error) {
        this.logger.error(
          { err: error, path: this.path },
          "new supergraph rejected; keeping the current one",
        );
      }
    };
    // inotify (fs.watch on the folder, so an atomic rename is seen too) answers at once; the
    // polling watcher covers file systems without it (some network and container mounts).
    let watcher: FSWatcher | undefined;
    let debounce: NodeJS.Timeout | undefined;
    try {
      watcher = watch(path.dirname(this.path), (_event, file) => {
        if (file !== null && file !== path.basename(this.path)) return;
        clearTimeout(debounce);
        debounce = setTimeout(listener, 50);
      });
      watcher.on("error", () => watcher?.close());
    } catch {
      watcher = undefined;
    }
    watchFile(this.path, { interval: this.pollIntervalMs }, listener);
    return {
      supergraphSdl: this.current,
      cleanup: async () => {
        clearTimeout(debounce);
        watcher?.close();
        unwatchFile(this.path, listener);
      },
    };
  }

  /** A subgraph's URL as the supergraph names it (`@join__graph`), for routes beside GraphQL. */
  subgraphUrl(name: string): string {
    const sdl = this.current || this.read();
    const pattern = new RegExp(`@join__graph\\(name: "${name}", url: "([^"]+)"\\)`);
    const url = pattern.exec(sdl)?.[1];
    if (!url) throw new Error(`The supergraph names no subgraph "${name}"`);
    return url;
  }

  private read(): string {
    try {
      return readFileSync(this.path, "utf8");
    } catch (error) {
      throw new Error(
        `Cannot read the supergraph at ${this.path}: run \`npm run compose\` or set SUPERGRAPH_PATH (${String(error)})`,
      );
    }
  }
}

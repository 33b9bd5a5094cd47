import { existsSync } from "node:fs";
import type { Logger } from "@gcn/shared";
import { chromium, type Browser } from "playwright-core";

/** No Chromium where the configuration says: PDFs cannot be printed (HTML still can). */
export class PdfUnavailableError extends Error {
  override name = "PdfUnavailableError";
}

/** The printer was closed (the service is stopping): the print is not made, nor its document. */
export class PrinterClosedError extends Error {
  override name = "PrinterClosedError";
}

/**
 * Prints HTML to PDF with one headless Chromium, launched on first use and kept: each print gets
 * a fresh context (nothing shared between documents), at most `maxConcurrent` at once.
 */
export class PdfPrinter {
  private browser?: Promise<Browser>;
  private closed = false;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly chromiumPath: string,
    private readonly maxConcurrent: number,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get available(): boolean {
    return existsSync(this.chromiumPath);
  }

  private launch(): Promise<Browser> {
    if (this.closed)
      throw new PrinterClosedError("the PDF printer is closed: the service is stopping");
    if (!this.available) {
      throw new PdfUnavailableError(
        `no Chromium at ${this.chromiumPath}: install it (apt-get install chromium fonts-noto-core) or set CHROMIUM_PATH`,
      );
    }
    this.browser ??= chromium
      .launch({
        executablePath: this.chromiumPath,
        args: ["--no-sandbox", "--disable-gpu"],
        // The service stops Chromium itself, in order (stop()): Playwright's own handlers
        // closed it and exited the whole process (130) on the first Ctrl-C.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      })
      .then((browser) => {
        browser.on("disconnected", () => {
          if (!this.closed) this.logger.warn("Chromium exited; the next PDF starts a new one");
          this.browser = undefined;
        });
        return browser;
      })
      .catch((error: unknown) => {
        this.browser = undefined;
        throw error;
      });
    return this.browser;
  }

  private async turn(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  async print(html: string): Promise<Buffer> {
    await this.turn();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(this.timeoutMs);
        // The document loads nothing from anywhere: fonts are the system's, charts inline SVG.
        await page.route("**/*", (route) =>
          route.request().url().startsWith("data:") ? route.continue() : route.abort(),
        );
        await page.setContent(html, { waitUntil: "load" });
        return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  /**
   * Stops Chromium for good. A print under way fails at once (PrinterClosedError or Chromium's
   * own "closed" error) rather than holding a stopping service for seconds: the issue it was
   * part of is not acknowledged, so its event is applied again after the restart.
   */
  async close(): Promise<void> {
    this.closed = true;
    const browser = await this.browser?.catch(() => undefined);
    this.browser = undefined;
    await browser?.close().catch(() => undefined);
  }
}

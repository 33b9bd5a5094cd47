import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "@gcn/shared";
import { PdfPrinter, PrinterClosedError } from "../src/pack/pdf-printer";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A document long enough that printing it is still under way when the printer closes. */
function longDocument(pages: number): string {
  const page = `<section style="page-break-after: always"><h1>صفحة</h1>${"<p>نص التقرير الشهري</p>".repeat(40)}</section>`;
  return `<!doctype html><html lang="ar" dir="rtl"><body>${page.repeat(pages)}</body></html>`;
}

describe("the PDF printer when its service stops", () => {
  it("fails a print under way instead of finishing it, and prints nothing after", async (t) => {
    const printer = new PdfPrinter(CHROMIUM, 2, 60_000, createLogger("pdf-printer", "silent"));
    if (!printer.available) {
      t.skip(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
      return;
    }
    try {
      // Chromium running and a first document printed: the printer works.
      const first = await printer.print(longDocument(1));
      assert.equal(first.subarray(0, 5).toString("latin1"), "%PDF-");

      const underWay = assert.rejects(
        printer.print(longDocument(300)),
        "a print cut short is an error, never a document",
      );
      // Closed while that one is under way (the service told to stop).
      await new Promise((resolve) => setTimeout(resolve, 300));
      await printer.close();
      await underWay;
      await assert.rejects(printer.print(longDocument(1)), PrinterClosedError);
    } finally {
      await printer.close();
    }
  });
});

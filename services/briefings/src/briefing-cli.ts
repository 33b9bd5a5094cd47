import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createLogger, DEV_JWT_SECRET, signDevToken } from "@gcn/shared";
import { label } from "./issuing/briefing-issuer";
import type { PeriodValue } from "./pack/briefing-query";
import { BriefingRenderer } from "./pack/briefing-renderer";
import { GatewayClient } from "./pack/gateway-client";
import { CHARTS_PER_ENTITY, CHARTS_PER_PACK, missingServices } from "./pack/pack-html";
import { PackLocale } from "./pack/pack-locale";
import { PdfPrinter } from "./pack/pdf-printer";
import type { BriefingFormat, BriefingLanguage } from "./rows/issued-briefing.row";

const USAGE = `Renders a month's briefing pack from a running gateway (npm start), as the token's reader.

  npm run briefing -- --period 2026-11 [--lang ar|en] [--out pack.pdf|pack.html]
                      [--gateway http://localhost:4000/graphql] [--token <jwt>]
                      [--pictures docs/briefing]

  --token      default: $GCN_TOKEN, else a development ANALYST token (JWT_SECRET's dev default)
  --pictures   also writes PNGs of the cover, the ranking and the first entity page there
               (poppler-utils' pdftoppm), as the README shows them

The pack is the one GET /briefings/{period}.pdf serves: a month whose report is not
published is marked DRAFT on every page; an issued month is fetched as issued with curl.`;

function fail(message: string): never {
  process.stderr.write(`briefing: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function step(n: number, total: number, message: string): void {
  process.stderr.write(`[${n}/${total}] ${message}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      period: { type: "string" },
      lang: { type: "string", default: "ar" },
      out: { type: "string" },
      gateway: { type: "string" },
      token: { type: "string" },
      pictures: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const match = /^(\d{4})-(\d{2})$/.exec(values.period ?? "");
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
    fail("--period YYYY-MM is required (month 01..12)");
  }
  const period: PeriodValue = { year: Number(match[1]), month: Number(match[2]) };
  if (values.lang !== "ar" && values.lang !== "en") fail('--lang must be "ar" or "en"');
  const language: BriefingLanguage = values.lang;
  const out = values.out ?? `gcn-briefing-${label(period)}-${language}.pdf`;
  const format: BriefingFormat = out.endsWith(".html") ? "html" : "pdf";
  if (values.pictures && format !== "pdf") fail("--pictures needs a PDF --out");
  const gatewayUrl = values.gateway ?? process.env.GATEWAY_URL ?? "http://localhost:4000/graphql";
  const token =
    values.token ??
    process.env.GCN_TOKEN ??
    (await signDevToken(process.env.JWT_SECRET ?? DEV_JWT_SECRET, {
      sub: "briefing-cli",
      name: "Briefing CLI",
      roles: ["ANALYST"],
      expiresIn: "10m",
    }));
  const total = (format === "pdf" ? 4 : 3) + (values.pictures ? 1 : 0);
  const started = Date.now();

  step(1, total, `asking ${gatewayUrl} for ${label(period)}...`);
  const answer = await new GatewayClient(gatewayUrl, 60_000).briefingData(
    period,
    `Bearer ${token}`,
  );
  const missing = missingServices(answer.errors);
  if (missing.size) {
    process.stderr.write(`      without ${[...missing].join(", ")} (marked in the pack)\n`);
  }
  const draft = answer.data.report?.status !== "PUBLISHED";
  const entities = answer.data.entities?.edges.length ?? 0;
  const timeZone = process.env.GCN_TIME_ZONE ?? "Asia/Bahrain";
  const printer = new PdfPrinter(
    process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    1,
    120_000,
    createLogger("briefing-cli", "warn"),
  );
  try {
    const renderer = new BriefingRenderer(printer, timeZone);
    step(
      2,
      total,
      `${draft ? "DRAFT" : "published"} month, ${entities} entities: drawing ${CHARTS_PER_PACK.length + CHARTS_PER_ENTITY.length * entities} charts and the ${language === "ar" ? "Arabic" : "English"} HTML...`,
    );
    const html = renderer.html(period, answer, language, { draft, issuedAt: new Date() });
    if (format === "pdf") step(3, total, "printing the PDF with headless Chromium...");
    const content = await renderer.document(html, format);
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, content);
    step(
      total - (values.pictures ? 1 : 0),
      total,
      `wrote ${out} (${Math.round(content.length / 1024)} KiB)`,
    );
    if (values.pictures) {
      step(
        total,
        total,
        `pictures of the cover, the ranking and an entity page in ${values.pictures}`,
      );
      for (const picture of writePictures(
        out,
        values.pictures,
        language,
        new PackLocale(language, timeZone),
      )) {
        process.stderr.write(`      ${picture}\n`);
      }
    }
    process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await printer.close();
  }
}

/** PNGs of three pages of the PDF, found by their text (poppler-utils). */
function writePictures(
  pdf: string,
  folder: string,
  language: BriefingLanguage,
  locale: PackLocale,
): string[] {
  mkdirSync(folder, { recursive: true });
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1],
  );
  const text = (page: number) =>
    execFileSync("pdftotext", ["-f", String(page), "-l", String(page), pdf, "-"], {
      encoding: "utf8",
    }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  const find = (predicate: (t: string) => boolean) => {
    for (let page = 1; page <= pages; page++) if (predicate(text(page))) return page;
    return undefined;
  };
  const wanted: [string, number | undefined][] = [
    ["cover", 1],
    ["ranking", find((t) => t.includes(locale.words.ranking))],
    ["entity", find((t) => t.includes(locale.words.recommendations))],
  ];
  return wanted.flatMap(([name, page]) => {
    if (!page) return [];
    const target = path.join(folder, `${language}-${name}`);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      pdf,
      target,
    ]);
    return [`${target}.png (page ${page})`];
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`briefing: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

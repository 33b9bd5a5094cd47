import "reflect-metadata";
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { dataSourceOf, readConfigOf, type CommandContext } from "@gcn/shared";
import { service } from "./reputation.service";
import { MAX_SAMPLES_PER_CALL, recordMetrics } from "./commands/metric-sample.commands";
import { COUNT_FIELDS, type SampleValues } from "./domain/sample-checks";

const USAGE = `usage: npm run ingest -w services/reputation -- <file.csv|file.ndjson> [--format csv|ndjson]
  CSV: a header row naming MetricSampleInput fields (entityId,platform,date,impressions,...)
  NDJSON: one MetricSampleInput JSON object per line
  Uses REPUTATION_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gcn_reputation).`;

const NUMERIC = new Set<string>([...COUNT_FIELDS, "medianResponseMinutes"]);

/** One CSV line into fields; quotes may wrap a field (no embedded newlines in this format). */
function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      fields.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

function fromCsv(header: string[], line: string): SampleValues {
  const values = splitCsv(line);
  const row: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const raw = values[i] ?? "";
    row[name] = NUMERIC.has(name) ? (raw === "" ? null : Number(raw)) : raw;
  });
  return row as unknown as SampleValues;
}

function progress(done: number, total: number, rows: number): void {
  if (!process.stderr.isTTY && done < total) return;
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const bar = "#".repeat(Math.round(share * width)).padEnd(width, ".");
  process.stderr.write(
    `\r[${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${rows.toLocaleString("en")} rows`,
  );
}

/** `npm run ingest`: imports a CSV or NDJSON file of samples in batches, with the same row checks. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { format: { type: "string" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const file = path.resolve(positionals[0]!);
  const format = values.format ?? (file.endsWith(".csv") ? "csv" : "ndjson");
  if (format !== "csv" && format !== "ndjson") {
    process.stderr.write(`unknown format ${format}\n${USAGE}\n`);
    return 2;
  }
  const size = statSync(file).size;
  const config = readConfigOf(service);
  const db = dataSourceOf(service, config.databaseUrl);
  await db.initialize();
  await db.runMigrations();
  const context: CommandContext = {
    requestId: `ingest:${path.basename(file)}`,
    identity: { sub: "ingest-cli", roles: ["INGEST"] },
  };
  const totals = {
    rows: 0,
    accepted: 0,
    updated: 0,
    rejected: [] as { line: number; reason: string }[],
  };
  let batch: SampleValues[] = [];
  let lines: number[] = [];
  let header: string[] | null = null;
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await recordMetrics(db, context, batch, config.timeZone);
    totals.accepted += result.accepted;
    totals.updated += result.updated;
    for (const r of result.rejected)
      totals.rejected.push({ line: lines[r.index]!, reason: r.reason });
    batch = [];
    lines = [];
  };
  try {
    const reader = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of reader) {
      lineNumber++;
      bytes += Buffer.byteLength(line) + 1;
      if (line.trim() === "") continue;
      if (format === "csv" && !header) {
        header = splitCsv(line);
        continue;
      }
      let sample: SampleValues;
      try {
        sample = format === "csv" ? fromCsv(header!, line) : (JSON.parse(line) as SampleValues);
      } catch {
        totals.rows++;
        totals.rejected.push({ line: lineNumber, reason: "the line is not valid JSON" });
        continue;
      }
      totals.rows++;
      batch.push(sample);
      lines.push(lineNumber);
      if (batch.length === MAX_SAMPLES_PER_CALL) {
        await flush();
        progress(bytes, size, totals.rows);
      }
    }
    await flush();
    progress(size, size, totals.rows);
    process.stderr.write("\n");
  } finally {
    await db.destroy();
  }
  process.stdout.write(
    `${path.basename(file)}: ${totals.rows} rows, ${totals.accepted} accepted (${totals.updated} updated), ${totals.rejected.length} rejected\n`,
  );
  for (const r of totals.rejected.slice(0, 20))
    process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
  if (totals.rejected.length > 20)
    process.stdout.write(`  ... and ${totals.rejected.length - 20} more\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `ingest failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);

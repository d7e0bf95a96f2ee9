/**
 * npm run import -- <file> [--format NAME] [--dataset NAME] [--source TEXT] [--db PATH]
 * Imports one file into the database (TRADEFLOW_DB, default data/tradeflow.db), all or nothing.
 * Exit codes: 0 imported or unchanged, 1 the file has problems (nothing was changed), 2 usage error.
 * --json prints the summary (problems included) as one JSON object instead of text.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { readConfig } from '../server/config.ts';
import { openWritableDb } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';
import { importFile, type ImportSummary } from '../server/import/import-file.ts';
import { formats } from '../server/import/formats/index.ts';
import { formatProblem } from '../server/import/problems.ts';

const usage = `usage: npm run import -- <file> [--format ${formats.map((f) => f.name).join('|')}] [--dataset NAME] [--source TEXT] [--db PATH] [--json]`;

function printSummary(summary: ImportSummary): void {
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  if (summary.status === 'unchanged') {
    console.log(
      `${summary.file}: unchanged, already imported as dataset "${summary.dataset}" (same SHA-256); nothing to do`,
    );
    return;
  }
  for (const problem of summary.problems) console.error(formatProblem(summary.file, problem));
  if (summary.problemCount > summary.problems.length) {
    console.error(`… and ${summary.problemCount - summary.problems.length} more problems`);
  }
  const counts = `rows read ${summary.rowsRead}, stored ${summary.rowsStored}, skipped as duplicates ${summary.duplicatesSkipped}, ${seconds}s`;
  if (summary.status === 'failed') {
    console.error(`${summary.file}: ${summary.problemCount} problem(s); the database was not changed (${counts})`);
  } else {
    const verb = summary.replaced ? 'replaced' : 'imported';
    console.log(`${summary.file}: ${verb} dataset "${summary.dataset}" (format ${summary.format}): ${counts}`);
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        dataset: { type: 'string' },
        source: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] === undefined) {
    console.error(usage);
    return 2;
  }
  const config = readConfig(values.db ? { ...process.env, TRADEFLOW_DB: values.db } : process.env);
  const db = openWritableDb(config.dbPath);
  migrate(db);

  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'importing [{bar}] {percentage}% | {rows} rows | {eta}s left',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  const summary = await importFile(db, positionals[0], {
    format: values.format,
    datasetName: values.dataset,
    sourceDescription: values.source,
    onProgress: bar
      ? (bytesRead, totalBytes, rows) => {
          if (!started) bar.start(totalBytes, 0, { rows: 0 });
          started = true;
          bar.update(Math.min(bytesRead, totalBytes), { rows });
        }
      : undefined,
  });
  if (started) bar?.stop();
  db.close();
  if (values.json) {
    // For scripts and the benchmark: the whole summary, and this process's peak memory.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({ ...summary, peakRssBytes }));
  } else {
    printSummary(summary);
  }
  return summary.status === 'failed' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

/**
 * Import benchmark: `npm run import` on a generated 1,000,000-row flows CSV, against the sqlite3 shell's
 * `.import --csv` of the same file into an equivalent table (the floor: it validates nothing).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateFlowsCsv } from './generate-flows.ts';
import { formatStats, runTimed, summarize } from './measure.ts';

const floorSchema = `CREATE TABLE flows (reporter TEXT, partner TEXT, direction TEXT, period TEXT, hs_code TEXT,
  product TEXT, quantity REAL, unit TEXT, value_usd REAL, status TEXT, source TEXT, note TEXT);`;

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

export async function benchImport(workDir: string, rows: number, runs: number): Promise<string> {
  const csv = join(workDir, `flows-${rows}.csv`);
  if (!existsSync(csv)) await generateFlowsCsv(csv, rows);
  const megabytes = statSync(csv).size / 1e6;

  const importSeconds: number[] = [];
  const peakMb: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const db = join(workDir, 'import-bench.db');
    removeDb(db);
    const result = await runTimed('npm', ['run', '--silent', 'import', '--', csv, '--db', db, '--json']);
    if (result.code !== 0) throw new Error(`import failed: ${result.stderr || result.stdout}`);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { rowsStored: number; peakRssBytes: number };
    if (summary.rowsStored !== rows) throw new Error(`expected ${rows} rows stored, got ${summary.rowsStored}`);
    importSeconds.push(result.seconds);
    peakMb.push(summary.peakRssBytes / 2 ** 20);
    process.stderr.write(`  import run ${run + 1}: ${result.seconds.toFixed(2)} s, peak ${(summary.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`);
  }

  const floorSeconds: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const db = join(workDir, 'floor.db');
    removeDb(db);
    const result = await runTimed('sqlite3', [db], { input: `${floorSchema}\n.import --csv --skip 1 ${csv} flows\n` }).catch(() => undefined);
    if (!result || result.code !== 0) {
      floorSeconds.length = 0;
      break;
    }
    floorSeconds.push(result.seconds);
    process.stderr.write(`  sqlite3 .import run ${run + 1}: ${result.seconds.toFixed(2)} s\n`);
  }

  const imports = summarize(importSeconds);
  const lines = [
    `File: ${rows.toLocaleString('en')} rows, ${megabytes.toFixed(1)} MB (\`tsx scripts/bench/generate-flows.ts\`, fixed seed).`,
    '',
    '| what | time (s) | rows/s (median) | peak memory |',
    '|---|---|---|---|',
    `| \`npm run import -- FILE --db DB --json\` (full validation) | ${formatStats(imports)} | ${Math.round(rows / imports.median).toLocaleString('en')} | ${formatStats(summarize(peakMb), 0, ' MiB')} |`,
  ];
  if (floorSeconds.length > 0) {
    const floor = summarize(floorSeconds);
    lines.push(
      `| \`sqlite3 DB '.import --csv --skip 1 FILE flows'\` (floor, no validation) | ${formatStats(floor)} | ${Math.round(rows / floor.median).toLocaleString('en')} | — |`,
      '',
      `Ratio to the floor (median / median): **${(imports.median / floor.median).toFixed(2)}×** (target: within 2×).`,
    );
  } else {
    lines.push('', 'The sqlite3 shell is not installed: no floor measured (`apt-get install sqlite3`).');
  }
  return lines.join('\n');
}

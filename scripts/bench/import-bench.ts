/**
 * Import benchmark: `npm run import` on a generated 1,000,000-row flows CSV, against the sqlite3 shell's
 * `.import --csv` of the same file into an equivalent table (the floor: it validates nothing), and the shell loading
 * the same file into Tradeflow's own migrated schema (what SQLite itself costs for our table and its indexes).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openWritableDb } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { generateFlowsCsv } from './generate-flows.ts';
import { fileURLToPath } from 'node:url';
import { formatStats, runTimed, summarize, type Stats } from './measure.ts';

const scriptsDir = fileURLToPath(new URL('.', import.meta.url));

const floorSchema = `CREATE TABLE flows (reporter TEXT, partner TEXT, direction TEXT, period TEXT, hs_code TEXT,
  product TEXT, quantity REAL, unit TEXT, value_usd REAL, status TEXT, source TEXT, note TEXT);`;

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** The CSV's columns, as the floor table and the staging table hold them. */
const stagingSchema = `CREATE TEMP TABLE staging (reporter TEXT, partner TEXT, direction TEXT, period TEXT, hs_code TEXT,
  product TEXT, quantity REAL, unit TEXT, value_usd REAL, status TEXT, source TEXT, note TEXT);`;

/**
 * The flows file's rows in the narrow tables (migration 0005), derived in SQL the way the flows format derives them
 * for this file (frequency, commodity group, kilograms, default status, integer period, series and text ids), with
 * none of its checks. Empty cells arrive as ''.
 */
const insertFromStaging = `CREATE TEMP TABLE derived AS SELECT rowid + 1 AS line, reporter, partner, direction,
    CASE WHEN length(period) = 4 THEN 'year' ELSE 'month' END AS frequency,
    CASE WHEN length(period) = 4 THEN CAST(period AS INTEGER)
      ELSE CAST(substr(period, 1, 4) AS INTEGER) * 100 + CAST(substr(period, 6, 2) AS INTEGER) END AS period,
    hs_code, nullif(product, '') AS product,
    coalesce((SELECT group_key FROM products WHERE key = staging.product),
      (SELECT key FROM commodity_groups WHERE substr(staging.hs_code, 1, length(hs_prefix)) = hs_prefix)) AS grp,
    nullif(quantity, '') AS quantity, nullif(unit, '') AS unit,
    CASE unit WHEN 't' THEN nullif(quantity, '') * 1000 WHEN 'kg' THEN nullif(quantity, '') END AS kg,
    nullif(value_usd, '') AS usd,
    CASE coalesce(nullif(status, ''), 'reported') WHEN 'reported' THEN 0 WHEN 'reported-zero' THEN 1
      WHEN 'not-reported' THEN 2 ELSE 3 END AS status,
    nullif(source, '') AS source, nullif(note, '') AS note
  FROM temp.staging;
INSERT INTO flow_series (reporter, partner, direction, frequency, hs_code, product, commodity_group, quantity_unit)
  SELECT DISTINCT reporter, partner, direction, frequency, hs_code, product, grp, unit FROM temp.derived;
INSERT OR IGNORE INTO texts (text) SELECT source FROM temp.derived WHERE source IS NOT NULL
  UNION SELECT note FROM temp.derived WHERE note IS NOT NULL;
INSERT INTO flow_facts (dataset_id, line, series_id, period, quantity, net_weight_kg, value_usd, status, flags,
    source_id, note_id)
  SELECT 1, d.line, s.id, d.period, d.quantity, d.kg, d.usd, d.status, 0, src.id, note.id
  FROM temp.derived d
  JOIN flow_series s ON s.reporter = d.reporter AND s.partner = d.partner AND s.direction = d.direction
    AND s.frequency = d.frequency AND s.hs_code = d.hs_code AND s.product IS d.product
    AND s.commodity_group IS d.grp AND s.quantity_unit IS d.unit
  LEFT JOIN texts src ON src.text = d.source LEFT JOIN texts note ON note.text = d.note
  ORDER BY d.line;`;

/**
 * The sqlite3 shell loading the file into a freshly migrated Tradeflow database: `.import` into a temp staging table,
 * then one transaction that inserts the dataset and every row into the narrow tables, with the same connection settings
 * as the importer's (server/db/connection.ts). `rebuildIndexes`: drop flow_facts' index first and build it after,
 * as the importer does for large files; else they are updated row by row.
 */
async function shellIntoSchema(workDir: string, csv: string, rows: number, rebuildIndexes: boolean): Promise<number> {
  const path = join(workDir, 'schema-floor.db');
  removeDb(path);
  const db = openWritableDb(path);
  migrate(db);
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'flow_facts' AND sql IS NOT NULL",
    )
    .all();
  db.close();
  const script = [
    'PRAGMA synchronous = NORMAL;',
    'PRAGMA cache_size = -8192;',
    'PRAGMA foreign_keys = ON;',
    stagingSchema,
    `.import --csv --skip 1 --schema temp ${csv} staging`,
    'BEGIN IMMEDIATE;',
    "INSERT INTO datasets (id, name, file_name, sha256, format, row_count, imported_at) VALUES (1, 'bench', 'bench.csv', '', 'flows', 0, '');",
    ...(rebuildIndexes ? indexes.map((index) => `DROP INDEX "${index.name}";`) : []),
    insertFromStaging,
    ...(rebuildIndexes ? indexes.map((index) => `${index.sql};`) : []),
    `UPDATE datasets SET row_count = (SELECT count(*) FROM flow_facts) WHERE id = 1;`,
    'COMMIT;',
    'SELECT row_count FROM datasets;',
  ].join('\n');
  const result = await runTimed('sqlite3', ['-bail', path], { input: script + '\n' });
  if (result.code !== 0 || result.stdout.trim() !== String(rows)) {
    throw new Error(`sqlite3 into the schema: ${result.stderr || result.stdout}`);
  }
  return result.seconds;
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
    const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
      rowsStored: number;
      peakRssBytes: number;
    };
    if (summary.rowsStored !== rows) throw new Error(`expected ${rows} rows stored, got ${summary.rowsStored}`);
    importSeconds.push(result.seconds);
    peakMb.push(summary.peakRssBytes / 2 ** 20);
    process.stderr.write(
      `  import run ${run + 1}: ${result.seconds.toFixed(2)} s, peak ${(summary.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
    );
  }

  const floorSeconds: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const db = join(workDir, 'floor.db');
    removeDb(db);
    const result = await runTimed('sqlite3', [db], {
      input: `${floorSchema}\n.import --csv --skip 1 ${csv} flows\n`,
    }).catch(() => undefined);
    if (!result || result.code !== 0) {
      floorSeconds.length = 0;
      break;
    }
    floorSeconds.push(result.seconds);
    process.stderr.write(`  sqlite3 .import run ${run + 1}: ${result.seconds.toFixed(2)} s\n`);
  }

  // What parsing alone costs (csv-parse as the importer runs it, nothing done with the records): the part of the
  // import no storage layout can change.
  const parseSeconds: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const result = await runTimed(process.execPath, ['--import', 'tsx', join(scriptsDir, 'parse-only.ts'), csv]);
    if (result.code !== 0 || result.stdout.trim() !== String(rows + 1)) {
      throw new Error(`parse-only: ${result.stderr || result.stdout}`);
    }
    parseSeconds.push(result.seconds);
    process.stderr.write(`  csv-parse alone run ${run + 1}: ${result.seconds.toFixed(2)} s\n`);
  }

  // Only with the shell there (the floor ran): SQLite's own cost of Tradeflow's schema, both ways of indexing.
  const schemaSeconds = { rebuilt: [] as number[], perRow: [] as number[] };
  for (let run = 0; run < runs && floorSeconds.length > 0; run += 1) {
    schemaSeconds.rebuilt.push(await shellIntoSchema(workDir, csv, rows, true));
    schemaSeconds.perRow.push(await shellIntoSchema(workDir, csv, rows, false));
    process.stderr.write(
      `  sqlite3 into the schema run ${run + 1}: ${schemaSeconds.rebuilt.at(-1)?.toFixed(2)} s (indexes rebuilt), ` +
        `${schemaSeconds.perRow.at(-1)?.toFixed(2)} s (indexes per row)\n`,
    );
  }

  const imports = summarize(importSeconds);
  const rowsPerSecond = (stats: Stats): string => Math.round(rows / stats.median).toLocaleString('en');
  const lines = [
    `File: ${rows.toLocaleString('en')} rows, ${megabytes.toFixed(1)} MB (\`tsx scripts/bench/generate-flows.ts\`, fixed seed).`,
    '',
    '| what | time (s) | rows/s (median) | peak memory |',
    '|---|---|---|---|',
    `| \`npm run import -- FILE --db DB --json\` (full validation) | ${formatStats(imports)} | ${rowsPerSecond(imports)} | ${formatStats(summarize(peakMb), 0, ' MiB')} |`,
    `| csv-parse alone, as the importer runs it, records read and dropped (\`tsx scripts/bench/parse-only.ts FILE\`, one thread) | ${formatStats(summarize(parseSeconds))} | ${rowsPerSecond(summarize(parseSeconds))} | — |`,
  ];
  if (floorSeconds.length > 0) {
    const floor = summarize(floorSeconds);
    const rebuilt = summarize(schemaSeconds.rebuilt);
    const perRow = summarize(schemaSeconds.perRow);
    lines.push(
      `| \`sqlite3 DB '.import --csv --skip 1 FILE flows'\` (floor, no validation) | ${formatStats(floor)} | ${rowsPerSecond(floor)} | — |`,
      `| sqlite3 shell into Tradeflow's schema, indexes rebuilt after the load (as the importer does): \`.import\` into a temp table, then one transaction: derive the columns in a temp table, fill flow_series and texts, drop flow_facts' index, \`INSERT INTO flow_facts SELECT …\`, create it again (no validation) | ${formatStats(rebuilt)} | ${rowsPerSecond(rebuilt)} | — |`,
      `| the same with the indexes kept and updated row by row | ${formatStats(perRow)} | ${rowsPerSecond(perRow)} | — |`,
      '',
      `Ratio to the floor (median / median): **${(imports.median / floor.median).toFixed(2)}×** (target: within 2×). ` +
        `SQLite alone, loading the same rows into Tradeflow's table and indexes, takes ${(rebuilt.median / floor.median).toFixed(2)}× the floor; ` +
        `the import takes ${(imports.median / rebuilt.median).toFixed(2)}× that. ` +
        `csv-parse alone, before any validation or write, takes ${(summarize(parseSeconds).median / floor.median).toFixed(2)}× the floor.`,
    );
  } else {
    lines.push('', 'The sqlite3 shell is not installed: no floor measured (`apt-get install sqlite3`).');
  }
  return lines.join('\n');
}

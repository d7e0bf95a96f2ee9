/**
 * Storage layouts for customs facts, compared before choosing one (issue 10): the same million facts (the read
 * benchmarks' database, written by the real importer) copied in file order into each layout, with its indexes built
 * after the load as the importer does for large files; then the read a series makes (server/queries/series/
 * customs-rows.ts, its facts statement) timed on each. What a layout costs the import, the disk, and a series.
 */
import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BenchDb } from './bench-db.ts';
import { customsStatements } from '../../server/queries/series/customs-rows.ts';
import { loadNow, ms, percentile } from './bench-util.ts';
import { summarize } from './measure.ts';

const factColumns = `dataset_id INTEGER NOT NULL, line INTEGER NOT NULL, series_id INTEGER NOT NULL,
  period INTEGER NOT NULL, quantity REAL, net_weight_kg REAL, value_usd REAL, status INTEGER NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0, source_id INTEGER, note_id INTEGER`;
const copied =
  'dataset_id, line, series_id, period, quantity, net_weight_kg, value_usd, status, flags, source_id, note_id';

interface Layout {
  name: string;
  table: string;
  /** Built after the rows are in, as the importer rebuilds indexes after a large load. */
  indexes: string[];
}

const layouts: Layout[] = [
  {
    name: 'A. rowid table; UNIQUE (dataset_id, line); index (series_id, period)',
    table: `CREATE TABLE flow_facts (id INTEGER PRIMARY KEY, ${factColumns}) STRICT`,
    indexes: [
      'CREATE UNIQUE INDEX flow_facts_provenance ON flow_facts (dataset_id, line)',
      'CREATE INDEX flow_facts_series ON flow_facts (series_id, period)',
    ],
  },
  {
    name: 'B. WITHOUT ROWID, primary key (dataset_id, line); index (series_id, period) (chosen: migration 0005)',
    table: `CREATE TABLE flow_facts (${factColumns}, PRIMARY KEY (dataset_id, line)) STRICT, WITHOUT ROWID`,
    indexes: ['CREATE INDEX flow_facts_series ON flow_facts (series_id, period)'],
  },
  {
    name: 'C. WITHOUT ROWID clustered by (series_id, period, dataset_id, line); UNIQUE (dataset_id, line)',
    table: `CREATE TABLE flow_facts (${factColumns}, PRIMARY KEY (series_id, period, dataset_id, line)) STRICT, WITHOUT ROWID`,
    indexes: ['CREATE UNIQUE INDEX flow_facts_provenance ON flow_facts (dataset_id, line)'],
  },
  {
    name: 'D. B with a covering index (series_id, period, and every column a series reads)',
    table: `CREATE TABLE flow_facts (${factColumns}, PRIMARY KEY (dataset_id, line)) STRICT, WITHOUT ROWID`,
    indexes: [
      'CREATE INDEX flow_facts_series ON flow_facts (series_id, period, status, flags, net_weight_kg, quantity, value_usd, source_id)',
    ],
  },
];

/** Selections whose facts are read, by their series' text (as customs-rows.ts finds them), and a period range. */
const reads = [
  {
    label: "the dashboard's first view (refined-oil, CHN, whole extent)",
    where: "commodity_group = 'refined-oil' AND reporter = 'CHN'",
    from: 196901,
    to: 201912,
  },
  {
    label: '600 months, HS 1005 (CHN)',
    where: "hs_code >= '1005' AND hs_code < '1006' AND reporter = 'CHN'",
    from: 196901,
    to: 201912,
  },
  { label: '12 months, corn (CHN)', where: "commodity_group = 'corn' AND reporter = 'CHN'", from: 201801, to: 201912 },
];

export function benchLayouts(db: BenchDb, workDir: string, runs: number): string {
  const rows = [
    '| layout | load (INSERT … SELECT in file order + index build), median of runs | database size | ' +
      reads.map((r) => `read: ${r.label}, median / p99`).join(' | ') +
      ' |',
    `|---|---|---|${reads.map(() => '---|').join('')}`,
  ];
  const statement = customsStatements.quantities ?? '';
  for (const layout of layouts) {
    const path = `${workDir}layout.db`;
    const loads: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      const target = new Database(path);
      target.pragma('journal_mode = WAL');
      target.pragma('synchronous = NORMAL');
      target.pragma('cache_size = -8192');
      target.exec(`ATTACH '${db.path}' AS source`);
      target.exec('CREATE TABLE flow_series AS SELECT * FROM source.flow_series');
      target.exec(
        'CREATE INDEX flow_series_selection ON flow_series (reporter, partner, direction, frequency, commodity_group)',
      );
      target.exec(layout.table);
      const started = performance.now();
      target.exec('BEGIN');
      target.exec(
        `INSERT INTO flow_facts (${copied}) SELECT ${copied} FROM source.flow_facts ORDER BY dataset_id, line`,
      );
      for (const index of layout.indexes) target.exec(index);
      target.exec('COMMIT');
      target.pragma('wal_checkpoint(TRUNCATE)');
      loads.push((performance.now() - started) / 1000);
      target.exec('DETACH source');
      target.close();
    }
    const size = statSync(path).size;
    const reader = new Database(path, { readonly: true });
    const facts = reader.prepare(statement).raw(true);
    const cells: string[] = [];
    for (const read of reads) {
      const ids = reader
        .prepare(
          `SELECT id FROM flow_series WHERE ${read.where} AND partner = 'PRK' AND direction = 'export' AND frequency = 'month'`,
        )
        .pluck()
        .all();
      const params = { ids: JSON.stringify(ids), from: read.from, to: read.to };
      const count = facts.all(params).length;
      for (let i = 0; i < 50; i += 1) facts.all(params);
      const times: number[] = [];
      const started = performance.now();
      while (times.length < 2000 && (times.length < 50 || performance.now() - started < 500 * runs)) {
        const t = performance.now();
        facts.all(params);
        times.push(performance.now() - t);
      }
      cells.push(`${ms(percentile(times, 50))} / ${ms(percentile(times, 99))} (${count.toLocaleString('en')} facts)`);
    }
    reader.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    const load = summarize(loads);
    rows.push(
      `| ${layout.name} | ${load.median.toFixed(2)} s (min ${load.min.toFixed(2)}, max ${load.max.toFixed(2)}) | ${(size / 1e6).toFixed(0)} MB | ${cells.join(' | ')} |`,
    );
    process.stderr.write(
      `  ${layout.name.slice(0, 2)} load ${load.median.toFixed(2)} s, ${(size / 1e6).toFixed(0)} MB, ${cells.join('; ')}\n`,
    );
  }
  return [
    `The ${db.flowRows.toLocaleString('en')} facts of the read benchmarks' database, copied into each layout in file order (\`INSERT … SELECT … ORDER BY dataset_id, line\`) in one transaction, indexes built after the rows, as the importer does for a large file; ${runs} runs each. Reads: the statement a customs series runs for its facts (\`server/queries/series/customs-rows.ts\`), raw arrays, page cache warm, median and p99 of up to 2,000 calls. Load average ${loadNow()}.`,
    '',
    ...rows,
  ].join('\n');
}

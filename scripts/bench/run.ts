/**
 * npm run bench [-- --rows N --runs N --only import,faults,layouts,series,http,client,load,cluster --cluster-seconds S]
 * Measures Tradeflow and writes BENCHMARKS.md. Not part of `npm test`: it takes minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchImport } from './import-bench.ts';
import { benchFaults } from './fault-bench.ts';
import { describeMachine } from './measure.ts';
import { prepareBundledDb, prepareLargeDb, type BenchDb } from './bench-db.ts';
import { loadNow } from './bench-util.ts';
import { benchSeries } from './series-bench.ts';
import { benchHttp } from './http-bench.ts';
import { benchClient } from './client-bench.ts';
import { benchLoad } from './load-bench.ts';
import { benchLayouts } from './layout-bench.ts';
import { benchCluster } from './cluster-bench.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    out: { type: 'string', default: root + 'BENCHMARKS.md' },
    // Seconds per cluster measurement (20 of them per run): shorter only to check that the section works.
    'cluster-seconds': { type: 'string', default: '10' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const allSections = ['import', 'faults', 'layouts', 'series', 'http', 'client', 'load', 'cluster'];
const wanted = new Set((values.only ?? allSections.join(',')).split(','));
const unknownSections = [...wanted].filter((name) => !allSections.includes(name));
if (unknownSections.length > 0) {
  process.stderr.write(`unknown section(s) ${unknownSections.join(', ')}; sections: ${allSections.join(', ')}\n`);
  process.exit(2);
}
const workDir = root + 'bench/.work/';
mkdirSync(workDir, { recursive: true });

const sections: string[] = [];
if (wanted.has('import')) {
  process.stderr.write('import…\n');
  const load = loadNow();
  const section = await benchImport(workDir, rows, runs);
  sections.push(`## Import\n\nLoad average at the start: ${load}, at the end: ${loadNow()}.\n\n` + section);
}

if (wanted.has('faults')) {
  process.stderr.write('faults…\n');
  sections.push(
    `## Killed imports\n\nLoad average at the start: ${loadNow()}.\n\n` +
      (await benchFaults(root, workDir, Math.min(rows, 300_000))),
  );
}

// The read benchmarks share one database: the bundled data plus the generated flows file, built once.
let largeDb: BenchDb | undefined;
async function readDb(): Promise<BenchDb> {
  if (!largeDb) {
    process.stderr.write(`database for the read benchmarks (${rows.toLocaleString('en')} generated rows)…\n`);
    largeDb = await prepareLargeDb(root, workDir, rows);
  }
  return largeDb;
}
const built = (db: BenchDb): string =>
  db.buildSeconds > 0
    ? ` (built in ${db.buildSeconds.toFixed(0)} s by this run)`
    : ' (reused from an earlier run: same inputs)';

if (wanted.has('layouts')) {
  process.stderr.write('layouts…\n');
  const db = await readDb();
  sections.push(`## Storage layouts compared\n\n` + benchLayouts(db, workDir, runs));
}

if (wanted.has('series')) {
  process.stderr.write('series…\n');
  const db = await readDb();
  sections.push(`## Series query\n\nLoad average at the start: ${loadNow()}${built(db)}.\n\n` + benchSeries(db, runs));
}

if (wanted.has('http')) {
  process.stderr.write('http…\n');
  const db = await readDb();
  sections.push(
    `## HTTP under load\n\nLoad average at the start: ${loadNow()}.\n\n` + (await benchHttp(db, workDir, runs)),
  );
}

if (wanted.has('client')) {
  process.stderr.write('client…\n');
  const databases = [{ label: 'bundled data (a fresh `npm start`)', db: await prepareBundledDb(root, workDir) }];
  databases.push({ label: `bundled + ${rows.toLocaleString('en')} generated rows`, db: await readDb() });
  sections.push(
    `## Client\n\nLoad average at the start: ${loadNow()}.\n\n` + (await benchClient(databases, Math.max(runs, 5))),
  );
}

if (wanted.has('load')) {
  process.stderr.write('load (60 s)…\n');
  const db = await readDb();
  sections.push(`## Load held\n\nLoad average at the start: ${loadNow()}.\n\n` + (await benchLoad(db)));
}

if (wanted.has('cluster')) {
  process.stderr.write('cluster (nginx)…\n');
  const db = await readDb();
  const seconds = Number(values['cluster-seconds']);
  sections.push(
    `## Replicas behind nginx\n\nLoad average at the start: ${loadNow()}.\n\n` +
      (await benchCluster(db, workDir, runs, seconds)),
  );
}

const clusterSeconds = values['cluster-seconds'] !== '10' ? ` --cluster-seconds ${values['cluster-seconds']}` : '';
const command = `npm run bench -- --rows ${rows} --runs ${runs}${values.only ? ` --only ${values.only}` : ''}${clusterSeconds}`;
const report = [
  '# Benchmarks',
  '',
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}. Medians with min and max over the runs.`,
  '',
  '## Machine',
  '',
  describeMachine(),
  '',
  ...sections.flatMap((section) => [section, '']),
].join('\n');
writeFileSync(values.out, report);
process.stderr.write(`wrote ${values.out}\n`);

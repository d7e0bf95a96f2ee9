/**
 * npm run bench [-- --rows N --runs N --only import,series,http,client]
 * Measures Tradeflow and writes BENCHMARKS.md. Not part of `npm test`: it takes minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchImport } from './import-bench.ts';
import { benchFaults } from './fault-bench.ts';
import { describeMachine } from './measure.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    out: { type: 'string', default: root + 'BENCHMARKS.md' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const wanted = new Set((values.only ?? 'import,faults').split(','));
const workDir = root + 'bench/.work/';
mkdirSync(workDir, { recursive: true });

const sections: string[] = [];
if (wanted.has('import')) {
  process.stderr.write('import…\n');
  sections.push('## Import\n\n' + (await benchImport(workDir, rows, runs)));
}

if (wanted.has('faults')) {
  process.stderr.write('faults…\n');
  sections.push('## Killed imports\n\n' + (await benchFaults(root, workDir, Math.min(rows, 300_000))));
}

const command = `npm run bench -- --rows ${rows} --runs ${runs}${values.only ? ` --only ${values.only}` : ''}`;
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

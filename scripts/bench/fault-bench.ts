/**
 * Fault script: replaces a dataset with a new version and SIGKILLs the importer at a random point, ten times
 * (fixed seed). Each time the database must open, pass `PRAGMA integrity_check`, and hold exactly the old version or
 * exactly the new one, never a mix.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateFlowsCsv, createRandom } from './generate-flows.ts';

interface DatasetState {
  sha256: string;
  rowCount: number;
  storedRows: number;
}

function readState(dbPath: string): { integrity: string; dataset: DatasetState | undefined } {
  const db = new Database(dbPath, { readonly: true });
  const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
  const dataset = db
    .prepare<[], DatasetState>(
      `SELECT d.sha256, d.row_count AS rowCount, (SELECT count(*) FROM flow_facts f WHERE f.dataset_id = d.id) AS storedRows
       FROM datasets d WHERE d.name = 'customs'`,
    )
    .get();
  db.close();
  return { integrity, dataset };
}

function runImport(root: string, dbPath: string, file: string, killAfterMs?: number): Promise<'finished' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/import.ts'), file, '--db', dbPath, '--dataset', 'customs', '--json'],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
    child.on('error', reject);
    child.on('exit', () => {
      if (timer) clearTimeout(timer);
      resolve(killed ? 'killed' : 'finished');
    });
  });
}

export async function benchFaults(root: string, workDir: string, rows: number, kills = 10): Promise<string> {
  const oldFile = join(workDir, 'fault-old.csv');
  const newFile = join(workDir, `fault-new-${rows}.csv`);
  await generateFlowsCsv(oldFile, 1000, 1);
  if (!existsSync(newFile)) await generateFlowsCsv(newFile, rows, 2);
  const base = join(workDir, 'fault-base.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(base + suffix, { force: true });
  await runImport(root, base, oldFile);
  const old = readState(base).dataset;
  if (!old || old.storedRows !== 1000) throw new Error('could not set up the old dataset');

  // How long a full import takes, so the kill points spread over all of it.
  const timing = join(workDir, 'fault-timing.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(timing + suffix, { force: true });
  const started = performance.now();
  await runImport(root, timing, newFile);
  const fullMs = performance.now() - started;
  const fresh = readState(timing).dataset;

  const random = createRandom(424242);
  const lines = ['| kill | after (ms) | outcome | integrity_check | dataset held |', '|---|---|---|---|---|'];
  let failures = 0;
  for (let i = 1; i <= kills; i += 1) {
    const db = join(workDir, 'fault.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    copyFileSync(base, db);
    const after = Math.round(200 + random() * (fullMs - 200));
    const outcome = await runImport(root, db, newFile, after);
    const state = readState(db);
    const held = !state.dataset
      ? 'none'
      : state.dataset.sha256 === old.sha256 && state.dataset.storedRows === old.storedRows
        ? 'old, complete'
        : state.dataset.sha256 === fresh?.sha256 && state.dataset.storedRows === rows && state.dataset.rowCount === rows
          ? 'new, complete'
          : `MIX (${state.dataset.storedRows} rows)`;
    if (state.integrity !== 'ok' || held.startsWith('MIX') || held === 'none') failures += 1;
    lines.push(`| ${i} | ${after} | ${outcome} | ${state.integrity} | ${held} |`);
    process.stderr.write(`  kill ${i}: ${outcome} after ${after} ms → ${state.integrity}, ${held}\n`);
  }
  return [
    `Old version: 1,000 rows; new version: ${rows.toLocaleString('en')} rows (a full import takes ${(fullMs / 1000).toFixed(1)} s).`,
    'Each run copies the old database, starts `scripts/import.ts` on the new version and SIGKILLs it at a random point.',
    '',
    ...lines,
    '',
    failures === 0
      ? `**All ${kills} runs held a complete version and passed integrity_check.**`
      : `**${failures} FAILURES.**`,
  ].join('\n');
}

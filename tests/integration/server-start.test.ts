/**
 * What `npm start` runs: the server bundled by scripts/build-server.ts, started with plain node. The bundle must
 * find what the sources find beside themselves (migrations, the bundled data, the CSV worker for a large file), so
 * it is built into a scratch directory inside the checkout and started as a user would start it.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../../scripts/build-server.ts';
import { generateFlowsCsv } from '../../scripts/bench/generate-flows.ts';
import { createTempDir } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';

const refuseTsxHooks =
  'export async function resolve(specifier, context, next) {' +
  " if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error('tsx loaded at run time: ' + specifier);" +
  ' return next(specifier, context); }';
const refuseTsx = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(refuseTsxHooks)}`)});`,
)}`;

/** Starts the built server and resolves with its origin once it says it listens (or rejects with what it said). */
async function startBuilt(
  bundle: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; origin: string; output: () => string }> {
  // Run as a user runs it, and prove that nothing loads tsx: a resolve hook (inherited by worker threads) refuses it.
  const child = spawn(process.execPath, ['--import', refuseTsx, bundle], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Tradeflow on" within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const port = /Tradeflow on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  return { child, origin, output: () => output };
}

describe('the built server (npm start)', () => {
  const scratch = join(repoRoot, '.tmp', `server-build-${process.pid}`);
  const bundle = join(scratch, 'main.mjs');
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('migrates, imports a large CSV through its bundled worker (no tsx at run time), serves the API and stops on SIGTERM', async () => {
    mkdirSync(scratch, { recursive: true });
    await buildServer(undefined, bundle);
    const dataDir = createTempDir();
    // 60,000 rows, about 6 MB: above the size from which a CSV is parsed in a worker thread (import-file.ts).
    await generateFlowsCsv(join(dataDir, 'generated-flows.csv'), 60_000);
    const dbPath = join(createTempDir(), 'tradeflow.db');
    const server = await startBuilt(bundle, {
      PORT: '0',
      HOST: '127.0.0.1',
      TRADEFLOW_DB: dbPath,
      TRADEFLOW_DATA_DIR: dataDir,
    });
    try {
      assert.match(server.output(), /imported generated-flows: 60000 rows/);
      const health = (await (await fetch(`${server.origin}/api/health`)).json()) as {
        status: string;
        datasets: number;
      };
      assert.deepEqual(health, { status: 'ok', datasets: 1 });
      const series = await fetch(`${server.origin}/api/series?commodity=corn&reporter=CHN&from=1970-01&to=1970-12`);
      assert.equal(series.status, 200);
      const body = (await series.json()) as { series: Array<{ points: unknown[] }> };
      assert.equal(body.series[0]?.points.length, 12);
    } finally {
      server.child.kill('SIGTERM');
    }
    const [code] = (await once(server.child, 'exit')) as [number | null];
    assert.equal(code, 0, server.output());
  });
});

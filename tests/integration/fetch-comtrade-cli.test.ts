/**
 * `npm run fetch -- comtrade` as a user runs it: a child process (scripts/fetch.ts through tsx) against a fake
 * Comtrade API on 127.0.0.1 (COMTRADE_API_BASE). The kill-and-resume test kills a fetch half-way with SIGKILL, runs
 * it again, and compares the database with that of one uninterrupted run.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWritableDb, type Db } from '../../server/db/connection.ts';
import { listDatasets } from '../../server/queries/datasets.ts';
import { loadSeries } from '../../server/queries/series.ts';
import { createTempDir } from '../helpers/db.ts';
import { comtradeRecord, startFakeComtrade, type FakeComtrade } from '../helpers/fake-comtrade.ts';
import { repoRoot } from '../helpers/paths.ts';

/** Corn and rice, 2016-01 to 2019-12: four calls of 12 months. Corn has no record for two months. */
const months = Array.from(
  { length: 48 },
  (_, i) => `${2016 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, '0')}`,
);
const records = [
  ...months
    .filter((m) => m !== '201611' && m !== '201902')
    .map((period, i) =>
      comtradeRecord({ period, cmdCode: '1005', netWgt: (i + 1) * 1000, primaryValue: (i + 1) * 250 }),
    ),
  ...months.map((period, i) => comtradeRecord({ period, cmdCode: '1006', netWgt: 7000 + i, primaryValue: null })),
];
const selection = [
  'comtrade',
  '--hs',
  '1005,1006',
  '--from',
  '2016-01',
  '--to',
  '2019-12',
  '--rate',
  '6000',
  '--dataset',
  'comtrade-test',
];

const servers: FakeComtrade[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `killWhen` is awaited while it runs, and the child is killed with SIGKILL when it resolves. */
function runCli(args: string[], env: Record<string, string>, killWhen?: Promise<void>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('COMTRADE_API_KEY' in env)) delete childEnv.COMTRADE_API_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/fetch.ts'), ...args], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  void killWhen?.then(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

function dirs(): { db: string; cache: string } {
  const dir = createTempDir('tradeflow-fetch-cli-');
  return { db: join(dir, 'tradeflow.db'), cache: join(dir, 'cache') };
}

function seriesOf(db: Db): unknown[] {
  return ['corn', 'rice'].flatMap((commodity) =>
    (['quantity', 'value'] as const).map(
      (measure) =>
        loadSeries(
          db,
          {
            commodities: [commodity],
            reporters: ['CHN'],
            partner: 'PRK',
            direction: 'export',
            source: 'customs',
            measure,
            unit: measure === 'value' ? 'usd' : 't',
            interval: 'month',
            from: '2016-01',
            to: '2019-12',
          },
          new Date('2026-11-23T12:00:00Z'),
        ).series,
    ),
  );
}

/** The one place this file reads stored rows: every column but the ids, in line order. */
function storedRows(db: Db): unknown[] {
  return db
    .prepare<[], Record<string, unknown>>('SELECT * FROM trade_flows ORDER BY line')
    .all()
    .map(({ id: _id, dataset_id: _dataset, ...row }) => row);
}

describe('npm run fetch -- comtrade, killed half-way and run again', () => {
  it('ends with the same database as one uninterrupted run, and calls only what was missing', async () => {
    let hang = true;
    let reachedThird: () => void = () => {};
    const third = new Promise<void>((resolve) => (reachedThird = resolve));
    const server = await startFakeComtrade({
      records,
      // The third call never answers while `hang` is set: the child is killed waiting for it.
      script: (request) => (hang && request.n === 3 ? { hang: true } : undefined),
      onRequest: (request) => {
        if (request.n === 3) reachedThird();
      },
    });
    servers.push(server);
    const env = { COMTRADE_API_BASE: server.base };

    const resumed = dirs();
    const killed = await runCli([...selection, '--db', resumed.db, '--cache-dir', resumed.cache], env, third);
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(server.requests.length, 3);
    assert.equal(readdirSync(resumed.cache).filter((f) => f.endsWith('.json')).length, 2, 'two responses cached');
    const halfway = openWritableDb(resumed.db);
    assert.deepEqual(listDatasets(halfway), [], 'nothing imported before every call has its response');
    halfway.close();

    hang = false;
    const second = await runCli([...selection, '--db', resumed.db, '--cache-dir', resumed.cache], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.requests.length, 5, 'the second run called only the two calls missing');
    assert.match(second.stdout, /calls: 4 \(2 from the API, 2 from the cache/);

    const whole = dirs();
    const uninterrupted = await runCli([...selection, '--db', whole.db, '--cache-dir', whole.cache], env);
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    assert.equal(server.requests.length, 9);

    const a = openWritableDb(resumed.db);
    const b = openWritableDb(whole.db);
    assert.equal(storedRows(a).length, records.length);
    assert.deepEqual(storedRows(a), storedRows(b));
    assert.deepEqual(seriesOf(a), seriesOf(b));
    assert.deepEqual(
      listDatasets(a).map((d) => [d.name, d.rowCount]),
      listDatasets(b).map((d) => [d.name, d.rowCount]),
    );
    a.close();
    b.close();
  });
});

describe('npm run fetch -- comtrade, the command', () => {
  it('a full fetch prints its summary; --offline then imports from the cache alone, calling nothing', async () => {
    const server = await startFakeComtrade({ records });
    servers.push(server);
    const env = { COMTRADE_API_BASE: server.base };
    const paths = dirs();
    const online = await runCli([...selection, '--db', paths.db, '--cache-dir', paths.cache], env);
    assert.equal(online.code, 0, online.stderr);
    assert.match(online.stdout, /calls: 4 \(4 from the API, 0 from the cache, 0 split/);
    assert.match(online.stdout, /records: 94/);
    assert.match(online.stdout, /CHN → PRK X 1005: 46\n/);
    assert.match(online.stdout, /CHN → PRK X 1006: 48\n/);
    assert.match(online.stdout, /imported dataset "comtrade-test": 94 rows stored/);
    assert.match(online.stdout, /source: UN Comtrade \(fetched \d{4}-\d\d-\d\d\) from http:\/\/127\.0\.0\.1/);

    const fresh = dirs();
    const offline = await runCli([...selection, '--db', fresh.db, '--cache-dir', paths.cache, '--offline'], {
      COMTRADE_API_BASE: 'http://127.0.0.1:9',
    });
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /calls: 4 \(0 from the API, 4 from the cache/);
    assert.equal(server.requests.length, 4);
    const a = openWritableDb(paths.db);
    const b = openWritableDb(fresh.db);
    assert.deepEqual(storedRows(b), storedRows(a));
    a.close();
    b.close();
  });

  it('--dry-run prints every call and an estimate of the time, and calls nothing', async () => {
    const server = await startFakeComtrade({ records });
    servers.push(server);
    const paths = dirs();
    const run = await runCli(
      [
        'comtrade',
        '--dry-run',
        '--db',
        paths.db,
        '--cache-dir',
        paths.cache,
        '--partner',
        'all',
        '--hs',
        '1005',
        '--from',
        '2017-01',
        '--to',
        '2017-03',
      ],
      {
        COMTRADE_API_BASE: server.base,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const calls = run.stdout.split('\n').filter((line) => line.startsWith('GET '));
    assert.equal(calls.length, 3);
    assert.match(
      calls[0] ?? '',
      /^GET http:\/\/127\.0\.0\.1:\d+\/public\/v1\/preview\/C\/M\/HS\?reporterCode=156&period=201701&partner2Code=0&cmdCode=1005/,
    );
    assert.match(
      run.stdout,
      /3 calls to the public preview .*: 0 in the cache, 3 to call; at 10 calls a minute about 12 s \(an estimate/,
    );
    assert.equal(server.requests.length, 0);
  });

  it('a bad key: exit status 1 and a message naming COMTRADE_API_KEY', async () => {
    const server = await startFakeComtrade({ records, validKey: 'right' });
    servers.push(server);
    const paths = dirs();
    const run = await runCli([...selection, '--db', paths.db, '--cache-dir', paths.cache], {
      COMTRADE_API_BASE: server.base,
      COMTRADE_API_KEY: 'wrong',
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /fetch stopped at http:\/\/127\.0\.0\.1:\d+\/data\/v1\/get\/C\/M\/HS\?/);
    assert.match(run.stderr, /401 Unauthorized.*COMTRADE_API_KEY/);
    assert.match(run.stderr, /the database was not changed/);
  });

  it('a bad option: exit status 2, the option named, and the usage', async () => {
    const run = await runCli(['comtrade', '--freq', 'Q'], { COMTRADE_API_BASE: 'http://127.0.0.1:9' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^--freq: "Q" is not M or A\nusage: npm run fetch -- comtrade/);
  });
});

/**
 * `npm run cluster` (issue 15): two replicas of the built server behind a real nginx. A replica SIGKILLed under
 * load costs no answer, and a SIGHUP swap to a new snapshot under load gives every reader the old or the new data.
 * Like the browser tests: skipped with a message where nginx is missing, run (and failing) when CI=true.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import request from 'supertest';
import { buildServer } from '../../scripts/build-server.ts';
import { findNginx } from '../../scripts/cluster/start-cluster.ts';
import { nginxConfig } from '../../scripts/cluster/nginx-config.ts';
import { createApp } from '../../server/app.ts';
import { enableSqliteUriFilenames } from '../../server/config.ts';
import { openSnapshot } from '../../server/snapshot/holder.ts';
import { sha256File } from '../../server/snapshot/manifest.ts';
import { createTempDir } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';
import { buildSnapshotPair, type SnapshotPair } from '../helpers/snapshots.ts';

enableSqliteUriFilenames();

const skipReason: string | false =
  findNginx() === undefined && process.env.CI !== 'true'
    ? 'nginx not found on PATH or in /usr/sbin: cluster tests skipped (apt-get install -y nginx)'
    : false;

const seriesUrl = '/api/series?commodity=corn,rice&reporter=CHN&from=2017-01&to=2018-12';

interface RunningCluster {
  child: ChildProcess;
  origin: string;
  dir: string;
  replicaPids: number[];
  output: () => string;
}

/** Runs what `npm run cluster` runs (tsx scripts/cluster.ts), with a server bundle built for the test. */
async function startClusterCli(
  bundle: string,
  snapshot: string,
  env: Record<string, string> = {},
): Promise<RunningCluster> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'scripts/cluster.ts'),
      '--replicas',
      '2',
      '--port',
      '0',
      '--snapshot',
      snapshot,
      '--bundle',
      bundle,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start within 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      if (/replica 2: pid \d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cluster exited with ${code}:\n${output}`));
    });
  });
  const started =
    /Tradeflow cluster on (http:\/\/127\.0\.0\.1:\d+) \(pid \d+; nginx pid \d+, config and logs in (\S+)\)/.exec(
      output,
    );
  assert.ok(started, output);
  const replicaPids = [...output.matchAll(/replica \d: pid (\d+)/g)].map((match) => Number(match[1]));
  assert.equal(replicaPids.length, 2, output);
  return { child, origin: started[1]!, dir: started[2]!, replicaPids, output: () => output };
}

async function stopClusterCli(cluster: RunningCluster): Promise<number | null> {
  if (cluster.child.exitCode !== null) return cluster.child.exitCode;
  const exited = once(cluster.child, 'exit');
  cluster.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run cluster: replicas of one snapshot behind nginx', { skip: skipReason }, () => {
  const scratch = join(repoRoot, '.tmp', `cluster-build-${process.pid}`);
  const bundle = join(scratch, 'main.mjs');
  let dir: string;
  let pair: SnapshotPair;
  before(async () => {
    mkdirSync(scratch, { recursive: true });
    dir = createTempDir('tradeflow-cluster-test-');
    [pair] = await Promise.all([buildSnapshotPair(dir), buildServer(undefined, bundle)]);
  });
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('caches as the replicas allow, and a replica SIGKILLed during 10 s of 50 connections costs no answer', async () => {
    const before = await sha256File(pair.old);
    const cluster = await startClusterCli(bundle, pair.old);
    try {
      // nginx keeps a data answer (public, max-age) and never the health check (no-store).
      const cacheStatus = async (url: string): Promise<string | null> =>
        (await fetch(cluster.origin + url)).headers.get('x-cache-status');
      assert.equal(await cacheStatus('/api/datasets'), 'MISS');
      assert.equal(await cacheStatus('/api/datasets'), 'HIT');
      assert.notEqual(await cacheStatus('/api/health'), 'HIT');
      assert.notEqual(await cacheStatus('/api/health'), 'HIT');

      const [victim, survivor] = cluster.replicaPids as [number, number];
      const load = autocannon({
        url: cluster.origin,
        connections: 50,
        duration: 10,
        timeout: 10,
        // Health is never cached, so a third of the requests always reach a replica.
        requests: ['/api/health', seriesUrl, '/api/datasets'].map((path) => ({ method: 'GET' as const, path })),
      });
      const kill = setTimeout(() => process.kill(victim, 'SIGKILL'), 3000);
      const result = await load;
      clearTimeout(kill);
      assert.equal(isAlive(victim), false, 'the replica was not killed during the load');
      assert.ok(result['2xx'] > 1000, `only ${result['2xx']} answers`);
      assert.deepEqual(
        { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
        { errors: 0, timeouts: 0, non2xx: 0 },
      );
      assert.match(cluster.output(), new RegExp(`replica 1 \\(pid ${victim}\\) exited \\(SIGKILL\\)`));
      // nginx met the dead replica and passed those requests on (two upstreams in one log line).
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the access log is flushed every second
      const log = readFileSync(join(cluster.dir, 'access.log'), 'utf8');
      assert.match(log, /upstream=127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+ /);
      assert.equal(isAlive(survivor), true);
    } finally {
      assert.equal(await stopClusterCli(cluster), 0, cluster.output());
    }
    assert.ok(
      cluster.replicaPids.every((pid) => !isAlive(pid)),
      'a replica outlived the cluster',
    );
    assert.equal(await sha256File(pair.old), before);
  });

  it('swaps every replica to a new snapshot on SIGHUP under load: no errors, every answer whole from the old or the new', async () => {
    // The answers each snapshot gives, computed in this process by the same app.
    const urls = ['/api/events', '/api/datasets', seriesUrl];
    const expected = new Map<string, { old: string; new: string }>();
    const render = async (path: string): Promise<Map<string, string>> => {
      const snapshot = await openSnapshot(path);
      const app = createApp({
        db: snapshot.db,
        config: { clientDir: '/nonexistent' },
        snapshot: { sha256: snapshot.sha256, lastModified: snapshot.lastModified, cacheControl: 'no-cache' },
      });
      const bodies = new Map<string, string>();
      for (const url of urls) bodies.set(url, (await request(app).get(url).expect(200)).text);
      snapshot.db.close();
      return bodies;
    };
    const [oldBodies, newBodies] = [await render(pair.old), await render(pair.new)];
    for (const url of urls) expected.set(url, { old: oldBodies.get(url)!, new: newBodies.get(url)! });
    assert.notEqual(expected.get('/api/events')!.old, expected.get('/api/events')!.new);

    const link = join(dir, 'current.db');
    symlinkSync(pair.old, link);
    // Nothing kept by nginx: every answer below comes from a replica, so the swap is seen as soon as it happens.
    const cluster = await startClusterCli(bundle, link, {
      TRADEFLOW_MAX_AGE: '0',
      TRADEFLOW_STALE_WHILE_REVALIDATE: '0',
    });
    // Swapped by the SIGHUP or by the replica's own look at the path (every 2 s), whichever comes first.
    const reloaded = (): boolean => (cluster.output().match(/: now serving .*new\.db/g) ?? []).length === 2;
    const seen = { old: 0, new: 0, oldAfterBothReloaded: 0, errors: 0, mixed: 0 };
    let stopAt = Infinity;
    let sent = 0;
    try {
      const worker = async (index: number): Promise<void> => {
        while (sent < stopAt) {
          const url = urls[(sent + index) % urls.length]!;
          sent += 1;
          const afterReload = reloaded();
          try {
            const res = await fetch(cluster.origin + url);
            const body = await res.text();
            const bodies = expected.get(url)!;
            if (res.status !== 200) seen.errors += 1;
            else if (body === bodies.old && body !== bodies.new) {
              seen.old += 1;
              if (afterReload) seen.oldAfterBothReloaded += 1;
            } else if (body === bodies.new) seen.new += 1;
            else seen.mixed += 1;
          } catch {
            seen.errors += 1;
          }
        }
      };
      const load = Promise.all(Array.from({ length: 20 }, (_, index) => worker(index)));
      await waitFor(() => seen.old >= 100);
      const next = `${link}.next`;
      symlinkSync(pair.new, next);
      renameSync(next, link);
      cluster.child.kill('SIGHUP');
      await waitFor(reloaded);
      stopAt = sent + 500;
      await load;
    } finally {
      stopAt = 0;
      assert.equal(await stopClusterCli(cluster), 0, cluster.output());
    }
    assert.deepEqual(
      { errors: seen.errors, mixed: seen.mixed, oldAfterBothReloaded: seen.oldAfterBothReloaded },
      { errors: 0, mixed: 0, oldAfterBothReloaded: 0 },
      JSON.stringify(seen),
    );
    assert.ok(seen.old >= 100 && seen.new > 0, JSON.stringify(seen));
  });
});

describe('deploy/nginx.conf', () => {
  it('is the configuration npm run cluster generates, with placeholders', () => {
    const example = readFileSync(join(repoRoot, 'deploy/nginx.conf'), 'utf8');
    const generated = nginxConfig({ listen: '@LISTEN@', replicas: ['@REPLICA_1@', '@REPLICA_2@'], cache: true });
    assert.ok(
      example.endsWith(generated),
      'deploy/nginx.conf is out of date: node --import tsx scripts/cluster/write-example.ts',
    );
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error('condition not met within 30 s');
}

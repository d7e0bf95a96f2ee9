/**
 * Snapshots (issue 15), in process: `npm run snapshot`, serving one read-only and immutable, the same validators
 * from two replicas, writes refused, the file untouched, and a swap to a new snapshot while requests run.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import Database from 'better-sqlite3';
import { enableSqliteUriFilenames } from '../../server/config.ts';
import { createApp, type AppHandler } from '../../server/app.ts';
import { openReadOnlyDb, openSnapshotDb, openWritableDb } from '../../server/db/connection.ts';
import { listMigrationFiles } from '../../server/db/migrate.ts';
import { createSnapshot, SnapshotError } from '../../server/snapshot/create.ts';
import { createSnapshotHolder, openSnapshot, type OpenSnapshot } from '../../server/snapshot/holder.ts';
import { manifestPathFor, readManifest, sha256File } from '../../server/snapshot/manifest.ts';
import { createTempDir, fixedNow } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';
import { buildSnapshotPair, type SnapshotPair } from '../helpers/snapshots.ts';

// Before any database opens in this process: better-sqlite3 reads the switch once, when it loads (config.ts).
enableSqliteUriFilenames();

const cacheControl = 'public, max-age=60, stale-while-revalidate=600';
const seriesUrl = '/api/series?commodity=corn,rice&reporter=CHN&from=2017-01&to=2018-12';

function replicaApp(snapshot: OpenSnapshot): AppHandler {
  return createApp({
    db: snapshot.db,
    config: { clientDir: '/nonexistent' },
    now: fixedNow,
    logError: () => {},
    snapshot: { sha256: snapshot.sha256, lastModified: snapshot.lastModified, cacheControl },
  });
}

describe('snapshots', () => {
  let dir: string;
  let pair: SnapshotPair;
  before(async () => {
    dir = createTempDir('tradeflow-snapshot-');
    pair = await buildSnapshotPair(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run snapshot writes a compacted copy in rollback-journal mode and a manifest that matches it', async () => {
    const out = join(dir, 'cli.db');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/snapshot.ts'), out], {
      env: { ...process.env, TRADEFLOW_DB: pair.source },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const manifest = readManifest(out);
    assert.ok(manifest);
    assert.equal(manifest.sha256, await sha256File(out));
    assert.match(run.stdout, new RegExp(manifest.sha256));
    assert.deepEqual(manifest.migrations, listMigrationFiles());
    const source = openReadOnlyDb(pair.source);
    const sourceDatasets = source.prepare('SELECT name, sha256 FROM datasets ORDER BY id').all();
    source.close();
    assert.deepEqual(
      manifest.datasets.map(({ name, sha256 }) => ({ name, sha256 })),
      sourceDatasets,
    );
    // Header bytes 18 and 19: 1 is the rollback journal, 2 would be WAL (a reader would need -wal and -shm files).
    const header = readFileSync(out).subarray(18, 20);
    assert.deepEqual([...header], [1, 1]);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.startsWith('cli.db')),
      ['cli.db', 'cli.db.manifest.json'],
    );

    // Never over an existing file: a replica may have it open as immutable.
    const again = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/snapshot.ts'), out], {
      env: { ...process.env, TRADEFLOW_DB: pair.source },
      encoding: 'utf8',
    });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists: a snapshot is never overwritten/);
    assert.equal(await sha256File(out), manifest.sha256);
  });

  it('copies only what is committed, while a writer holds a transaction open', async () => {
    const writer = openWritableDb(pair.source);
    try {
      writer.exec("BEGIN; INSERT INTO texts (text) VALUES ('uncommitted while the snapshot ran')");
      const out = join(dir, 'during-write.db');
      await createSnapshot(pair.source, out);
      writer.exec('ROLLBACK');
      const copy = openReadOnlyDb(out);
      const found = copy.prepare("SELECT count(*) AS n FROM texts WHERE text LIKE 'uncommitted%'").get();
      copy.close();
      assert.deepEqual(found, { n: 0 });
    } finally {
      writer.close();
    }
    await assert.rejects(createSnapshot(join(dir, 'missing.db'), join(dir, 'never.db')), SnapshotError);
  });

  it('two replicas of one snapshot give the same ETag and Last-Modified, and either answers 304', async () => {
    const [first, second] = [await openSnapshot(pair.old), await openSnapshot(pair.old)];
    try {
      const [a, b] = [replicaApp(first), replicaApp(second)];
      for (const url of [seriesUrl, '/api/datasets', `/api/series.csv?${seriesUrl.split('?')[1]}`]) {
        const fromA = await request(a).get(url).expect(200);
        const fromB = await request(b).get(url).expect(200);
        assert.ok(fromA.headers.etag, url);
        assert.equal(fromB.headers.etag, fromA.headers.etag, url);
        assert.equal(fromB.headers['last-modified'], fromA.headers['last-modified'], url);
        assert.equal(fromA.headers['last-modified'], fixedNow().toUTCString(), url);
        assert.equal(fromA.headers['cache-control'], cacheControl, url);
        // Each replica answers the other's tag (the second request to each is replayed from its response cache).
        for (const app of [a, b, a, b]) {
          await request(app)
            .get(url)
            .set('If-None-Match', fromA.headers.etag as string)
            .expect(304);
        }
        await request(b)
          .get(url)
          .set('If-Modified-Since', fromA.headers['last-modified'] as string)
          .expect(304);
      }
      // Health is asked live, and errors are never to be kept by a shared cache.
      const health = await request(a).get('/api/health').expect(200);
      assert.equal(health.headers['cache-control'], 'no-store');
      const bad = await request(a).get('/api/series?commodity=nonsense').expect(400);
      assert.equal(bad.headers['cache-control'], 'no-store');
    } finally {
      first.db.close();
      second.db.close();
    }
    // Another snapshot: another tag for the same answer's URL.
    const newer = await openSnapshot(pair.new);
    const older = await openSnapshot(pair.old);
    try {
      const tagNew = (await request(replicaApp(newer)).get('/api/commodities').expect(200)).headers.etag;
      const tagOld = (await request(replicaApp(older)).get('/api/commodities').expect(200)).headers.etag;
      assert.notEqual(tagNew, tagOld);
    } finally {
      newer.db.close();
      older.db.close();
    }
  });

  it('refuses writes with 403 and says why; outside snapshot mode the same requests stay 405', async () => {
    const snapshot = await openSnapshot(pair.old);
    try {
      const app = replicaApp(snapshot);
      for (const [method, url] of [
        ['post', '/api/series'],
        ['put', '/api/datasets'],
        ['delete', '/api/datasets'],
        ['patch', '/api/no-such-endpoint'],
      ] as const) {
        const res = await request(app)[method](url).expect(403);
        assert.equal(res.body.error.code, 'read-only-snapshot');
        assert.match(res.body.error.message, /read-only snapshot/);
      }
      // Even with a body (which the limits would refuse with 413): the reason that matters is the snapshot.
      await request(app).post('/api/datasets').send({ name: 'x' }).expect(403);
      await request(app).head('/api/datasets').expect(200);
    } finally {
      snapshot.db.close();
    }
    const writable = openReadOnlyDb(pair.old);
    try {
      const plain = createApp({
        db: writable,
        config: { clientDir: '/nonexistent' },
        now: fixedNow,
        logError: () => {},
      });
      const res = await request(plain).post('/api/series').expect(405);
      assert.equal(res.body.error.code, 'method-not-allowed');
    } finally {
      writable.close();
    }
  });

  it('opens the file immutable (no locks taken) and query-only; serving leaves it byte for byte as it was', async () => {
    const copy = join(dir, 'locked.db');
    copyFileSync(pair.old, copy);
    const snapshot = openSnapshotDb(copy);
    const plain = new Database(copy, { readonly: true, timeout: 0 });
    const locker = new Database(copy, { timeout: 0 });
    try {
      locker.exec('BEGIN EXCLUSIVE');
      // An ordinary reader must wait for the exclusive lock; an immutable one takes no lock at all.
      assert.throws(() => plain.prepare('SELECT count(*) FROM datasets').get(), /locked|busy/i);
      assert.ok(snapshot.prepare<[], { n: number }>('SELECT count(*) AS n FROM datasets').get()!.n > 0);
      locker.exec('ROLLBACK');
      assert.throws(() => snapshot.exec("INSERT INTO texts (text) VALUES ('x')"), /readonly|query_only|read-only/i);
    } finally {
      snapshot.close();
      plain.close();
      locker.close();
    }

    const before = await sha256File(pair.old);
    const opened = await openSnapshot(pair.old);
    const app = replicaApp(opened);
    for (const url of [seriesUrl, seriesUrl, '/api/datasets', '/api/cap?year=2024', '/api/health', '/api/events']) {
      await request(app).get(url).expect(200);
    }
    opened.db.close();
    assert.equal(await sha256File(pair.old), before);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.startsWith('old.db')),
      ['old.db', 'old.db.manifest.json'],
    );
  });

  it('refuses a snapshot that no longer matches its manifest', async () => {
    const copy = join(dir, 'tampered.db');
    copyFileSync(pair.old, copy);
    const manifest = JSON.parse(readFileSync(manifestPathFor(pair.old), 'utf8')) as { sha256: string };
    writeFileSync(manifestPathFor(copy), JSON.stringify({ ...manifest, sha256: '0'.repeat(64) }));
    await assert.rejects(openSnapshot(copy), /does not match its manifest/);
  });

  it('a request in flight during a swap finishes on the old snapshot; later ones get the new one; then the old closes', async () => {
    const link = join(dir, 'current-unit.db');
    symlinkSync(pair.old, link);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowArrived = false;
    const holder = await createSnapshotHolder(link, (snapshot) => (req, res) => {
      const answer = (): void => {
        const { n } = snapshot.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM datasets').get()!;
        res.end(String(n));
      };
      if (req.url === '/slow') {
        slowArrived = true;
        void held.then(answer);
      } else answer();
    });
    const server = createServer(holder.handle).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const oldCount = await (await fetch(`${origin}/`)).text();
      const slow = fetch(`${origin}/slow`).then((res) => res.text());
      await waitFor(() => slowArrived);
      const oldSnapshot = holder.current();
      replaceSymlink(link, pair.new);
      assert.equal(await holder.reload(), true);
      const newCount = await (await fetch(`${origin}/`)).text();
      assert.equal(Number(newCount), Number(oldCount) + 1);
      assert.equal(oldSnapshot.db.open, true, 'closed under a request still running');
      release();
      assert.equal(await slow, oldCount);
      await waitFor(() => !oldSnapshot.db.open);
      assert.equal(await holder.reload(), false, 'the same file again is no swap');
    } finally {
      await closeServer(server);
      holder.close();
    }
  });

  it('TRADEFLOW_SNAPSHOT=FILE npm start: no migration, no import, and a flipped symlink is picked up by itself', async () => {
    const link = join(dir, 'current-start.db');
    symlinkSync(pair.old, link);
    const unusedDb = join(dir, 'never-created.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/main.ts')], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        TRADEFLOW_SNAPSHOT: link,
        // Both would be used by a normal start: the database created and migrated, the bundled files imported.
        TRADEFLOW_DB: unusedDb,
        TRADEFLOW_DATA_DIR: join(repoRoot, 'data'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => /Tradeflow on http:\/\/localhost:\d+/.test(output) || child.exitCode !== null, 30_000);
      const port = /Tradeflow on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      assert.ok(port, output);
      const datasets = async (): Promise<number> =>
        ((await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { datasets: number }).datasets;
      const before = await datasets();
      assert.doesNotMatch(output, /imported/);
      assert.equal(existsSync(unusedDb), false);
      replaceSymlink(link, pair.new);
      await waitFor(() => /changed: now serving .*new\.db/.test(output), 15_000);
      assert.equal(await datasets(), before + 1);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('swapped under load (symlink flipped, reload): no errors, every answer whole from the old or the new snapshot', async () => {
    const link = join(dir, 'current-load.db');
    symlinkSync(pair.old, link);
    const holder = await createSnapshotHolder(link, replicaApp);
    const server = createServer(holder.handle).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const expected = new Map<string, Set<string>>();
    try {
      const urls = ['/api/datasets', '/api/events', seriesUrl];
      for (const path of [pair.old, pair.new]) {
        const snapshot = await openSnapshot(path);
        const app = replicaApp(snapshot);
        for (const url of urls) {
          const body = (await request(app).get(url).expect(200)).text;
          expected.set(url, (expected.get(url) ?? new Set()).add(body));
        }
        snapshot.db.close();
      }
      // The events answer is the one the new snapshot changes (helpers/snapshots.ts adds the events file).
      assert.equal(expected.get('/api/events')?.size, 2);
      const seen = { old: 0, new: 0, errors: 0, mixed: 0 };
      const oldEvents = [...expected.get('/api/events')!][0];
      let swapped = false;
      let afterSwap = 0;
      const worker = async (index: number): Promise<void> => {
        for (let i = 0; !swapped || afterSwap < 300; i += 1) {
          const url = urls[(i + index) % urls.length]!;
          try {
            const res = await fetch(origin + url);
            const body = await res.text();
            if (res.status !== 200) seen.errors += 1;
            else if (!expected.get(url)!.has(body)) seen.mixed += 1;
            else if (url === '/api/events') seen[body === oldEvents ? 'old' : 'new'] += 1;
          } catch {
            seen.errors += 1;
          }
          if (swapped) afterSwap += 1;
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, index) => worker(index)));
      await waitFor(() => seen.old >= 50);
      replaceSymlink(link, pair.new);
      assert.equal(await holder.reload(), true);
      swapped = true;
      await load;
      assert.deepEqual({ errors: seen.errors, mixed: seen.mixed }, { errors: 0, mixed: 0 });
      assert.ok(seen.old > 0 && seen.new > 0, JSON.stringify(seen));
      assert.ok(existsSync(pair.old));
    } finally {
      await closeServer(server);
      holder.close();
    }
  });
});

function replaceSymlink(link: string, target: string): void {
  // A new link renamed over the old one: the path always names one file or the other.
  const next = `${link}.next`;
  symlinkSync(target, next);
  renameSync(next, link);
}

async function waitFor(condition: () => boolean, withinMs = 10_000): Promise<void> {
  for (let waited = 0; waited < withinMs && !condition(); waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!condition()) throw new Error(`condition not met within ${withinMs} ms`);
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

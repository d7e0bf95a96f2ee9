/**
 * npm run cluster -- --replicas N --port P [--snapshot FILE] [--host H]
 * N replicas of the built server (`npm run build`; the npm script builds first) serving one immutable snapshot,
 * behind nginx (scripts/cluster/). Without --snapshot, a snapshot of TRADEFLOW_DB (default data/tradeflow.db) is
 * taken into the cluster's temporary folder first. Ctrl-C or SIGTERM stops everything; SIGHUP is passed to every
 * replica, which then reloads its snapshot (point FILE, a symlink, at a new one first: docs/deploy.md).
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.ts';
import { createSnapshot } from '../server/snapshot/create.ts';
import { startCluster } from './cluster/start-cluster.ts';

const usage = 'usage: npm run cluster -- --replicas N --port P [--snapshot FILE] [--host 127.0.0.1] [--no-cache]';
let parsed;
try {
  parsed = parseArgs({
    options: {
      replicas: { type: 'string', default: '2' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      snapshot: { type: 'string' },
      // The built server to run (tests build their own into a scratch folder).
      bundle: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const replicas = Number(parsed.replicas);
const port = Number(parsed.port);
if (!/^\d+$/.test(parsed.replicas) || replicas < 1 || !/^\d+$/.test(parsed.port) || port > 65535) {
  console.error(usage);
  process.exit(2);
}

let ownSnapshotDir: string | undefined;
let snapshot = parsed.snapshot;
if (snapshot === undefined) {
  ownSnapshotDir = mkdtempSync(join(tmpdir(), 'tradeflow-snapshot-'));
  snapshot = join(ownSnapshotDir, 'tradeflow.snapshot.db');
  const manifest = await createSnapshot(readConfig().dbPath, snapshot);
  console.log(`snapshot of ${readConfig().dbPath}: ${snapshot} (SHA-256 ${manifest.sha256})`);
}

const cluster = await startCluster({
  replicas,
  port,
  host: parsed.host,
  snapshot,
  cache: !parsed['no-cache'],
  ...(parsed.bundle ? { bundle: parsed.bundle } : {}),
  onOutput: (source, line) => console.log(`[${source}] ${line}`),
  onReplicaExit: (replica, code, signal) =>
    console.log(
      `replica ${replica.index} (pid ${replica.pid}) exited (${signal ?? `code ${code}`}); nginx sends its requests to the others`,
    ),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (ownSnapshotDir) rmSync(ownSnapshotDir, { recursive: true, force: true });
  process.exit(1);
});

// Its own pid too: `npm run` does not pass SIGTERM on, so a script stops the cluster by signalling this process.
console.log(
  `Tradeflow cluster on ${cluster.origin} (pid ${process.pid}; nginx pid ${cluster.nginxPid}, config and logs in ${cluster.dir})`,
);
for (const replica of cluster.replicas)
  console.log(`replica ${replica.index}: pid ${replica.pid} on ${replica.origin}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  void cluster.stop().then(() => {
    if (ownSnapshotDir) rmSync(ownSnapshotDir, { recursive: true, force: true });
    console.log('stopped');
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', () => {
  console.log('SIGHUP: every replica reloads its snapshot');
  cluster.signalReplicas('SIGHUP');
});

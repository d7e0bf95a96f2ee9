/**
 * `TRADEFLOW_SNAPSHOT=FILE npm start`: a replica. It opens the snapshot immutable, applies no migration, imports
 * nothing, and swaps to a new snapshot on SIGHUP or when the path given starts naming another file (a symlink
 * flipped, a file renamed into place), finishing in-flight requests on the old one (holder.ts).
 */
import { createServer } from 'node:http';
import { unwatchFile, watchFile } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.ts';
import { enableSqliteUriFilenames, type Config, type SnapshotConfig } from '../config.ts';
import { createSnapshotHolder, type OpenSnapshot } from './holder.ts';

/** How often the snapshot's path is looked at for a flipped symlink (a stat: nothing is read). */
const watchIntervalMs = 2000;

export async function serveSnapshot(config: Config, snapshotConfig: SnapshotConfig): Promise<void> {
  enableSqliteUriFilenames();
  const describe = (snapshot: OpenSnapshot): string => `${snapshot.path} (SHA-256 ${snapshot.sha256.slice(0, 12)}…)`;
  const holder = await createSnapshotHolder(snapshotConfig.path, (snapshot) =>
    createApp({
      db: snapshot.db,
      config,
      snapshot: {
        sha256: snapshot.sha256,
        lastModified: snapshot.lastModified,
        cacheControl: snapshotConfig.cacheControl,
      },
    }),
  );
  const reload = (why: string): void => {
    holder.reload().then(
      (swapped) =>
        console.log(
          swapped ? `${why}: now serving ${describe(holder.current())}` : `${why}: same snapshot, nothing to do`,
        ),
      (error: unknown) =>
        console.error(
          `${why}: kept ${describe(holder.current())}: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  };
  process.on('SIGHUP', () => reload('SIGHUP'));
  // stat follows the symlink, so its target's inode changes when the link is flipped.
  watchFile(snapshotConfig.path, { interval: watchIntervalMs, persistent: false }, (now, before) => {
    if (now.ino !== 0 && (now.ino !== before.ino || now.dev !== before.dev)) reload(`${snapshotConfig.path} changed`);
  });

  const server = createServer(holder.handle).listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`Tradeflow on http://localhost:${port} (snapshot ${describe(holder.current())}, read-only)`);
  });
  const stop = (): void => {
    unwatchFile(snapshotConfig.path);
    server.close(() => {
      holder.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

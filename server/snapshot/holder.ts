/**
 * Serving a snapshot, and swapping it for a new one without downtime. The holder keeps one "current" snapshot:
 * its immutable connection and the app built over it (with its own response cache, so nothing remembered from the
 * old data outlives the swap). Each request is bound to the snapshot that was current when it arrived and runs to
 * its end on it; a swap only changes what later requests get, and the old connection closes once its last request
 * has finished. So every answer comes whole from the old file or whole from the new one, never a mix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { realpathSync } from 'node:fs';
import { openSnapshotDb, type Db } from '../db/connection.ts';
import { listMigrationFiles } from '../db/migrate.ts';
import { listAppliedMigrations } from '../queries/migrations.ts';
import { readLastImportedAt } from '../queries/snapshot.ts';
import { readManifest, sha256File, type SnapshotManifest } from './manifest.ts';

export interface OpenSnapshot {
  /** The file itself (a symlink given in TRADEFLOW_SNAPSHOT resolved). */
  path: string;
  /** Computed from the file at open, and checked against the manifest when there is one. */
  sha256: string;
  /** When the newest dataset in it was imported: the same on every replica, whatever its clock. */
  lastModified: Date | undefined;
  manifest: SnapshotManifest | undefined;
  db: Db;
}

/** Opens a snapshot for serving: checked (hash, schema), immutable, and without migrating or importing anything. */
export async function openSnapshot(givenPath: string): Promise<OpenSnapshot> {
  const path = realpathSync(givenPath);
  const sha256 = await sha256File(path);
  const manifest = readManifest(path);
  if (manifest && manifest.sha256 !== sha256) {
    throw new Error(
      `${path} does not match its manifest (SHA-256 ${sha256}, manifest says ${manifest.sha256}): it changed after it was built`,
    );
  }
  const db = openSnapshotDb(path);
  try {
    // No migration is applied to a snapshot (it is immutable): its schema must be the one this code reads.
    const applied = listAppliedMigrations(db).join(', ');
    const expected = listMigrationFiles().join(', ');
    if (applied !== expected) {
      throw new Error(
        `${path} has migrations [${applied}], this server needs [${expected}]: build a new snapshot with npm run snapshot`,
      );
    }
    const lastImport = readLastImportedAt(db);
    return { path, sha256, manifest, db, lastModified: lastImport === undefined ? undefined : new Date(lastImport) };
  } catch (error) {
    db.close();
    throw error;
  }
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface SnapshotHolder {
  /** The server's request handler: runs each request on the snapshot current when it arrives. */
  handle: RequestHandler;
  current: () => OpenSnapshot;
  /**
   * Opens `givenPath` again (following a symlink anew) and, if it is a different file (another SHA-256), makes it
   * current. Reloads run one at a time; a failed one leaves the current snapshot serving. Resolves with whether it
   * swapped.
   */
  reload: () => Promise<boolean>;
  /** Closes every connection once its requests have finished. */
  close: () => void;
}

interface Served {
  snapshot: OpenSnapshot;
  handler: RequestHandler;
  inFlight: number;
  retired: boolean;
}

export async function createSnapshotHolder(
  givenPath: string,
  buildHandler: (snapshot: OpenSnapshot) => RequestHandler,
): Promise<SnapshotHolder> {
  const serve = (snapshot: OpenSnapshot): Served => ({
    snapshot,
    handler: buildHandler(snapshot),
    inFlight: 0,
    retired: false,
  });
  let current = serve(await openSnapshot(givenPath));
  let reloading: Promise<boolean> = Promise.resolve(false);

  const retire = (served: Served): void => {
    served.retired = true;
    closeWhenIdle(served);
  };

  const handle: RequestHandler = (req, res) => {
    const served = current;
    served.inFlight += 1;
    res.once('close', () => {
      served.inFlight -= 1;
      closeWhenIdle(served);
    });
    served.handler(req, res);
  };

  const swap = async (): Promise<boolean> => {
    const next = await openSnapshot(givenPath);
    if (next.sha256 === current.snapshot.sha256) {
      next.db.close();
      return false;
    }
    const old = current;
    current = serve(next);
    retire(old);
    return true;
  };

  return {
    handle,
    current: () => current.snapshot,
    reload: () => {
      reloading = reloading.catch(() => false).then(swap);
      return reloading;
    },
    close: () => retire(current),
  };
}

/** A retired snapshot's connection closes after its last request (a streamed download may still be reading). */
function closeWhenIdle(served: Served): void {
  if (!served.retired || served.inFlight > 0 || !served.snapshot.db.open) return;
  try {
    served.snapshot.db.close();
  } catch {
    // Still busy with a statement a handler left running (an aborted download's iterator): try again shortly.
    setTimeout(() => closeWhenIdle(served), 100).unref();
  }
}

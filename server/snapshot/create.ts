/** `npm run snapshot -- OUT.db`: a consistent, compacted, never-overwritten copy of the database and its manifest. */
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openReadOnlyDb, type Db } from '../db/connection.ts';
import { listMigrationFiles } from '../db/migrate.ts';
import { listDatasets, readDataVersion } from '../queries/datasets.ts';
import { listAppliedMigrations } from '../queries/migrations.ts';
import { vacuumInto } from '../queries/snapshot.ts';
import { sha256File, writeManifest, type SnapshotManifest } from './manifest.ts';

export class SnapshotError extends Error {}

/**
 * Copies `sourcePath` into `outPath`. The source is only read (a read-only connection: a serving server and a
 * running import go on undisturbed), the copy is built under a temporary name and linked into place, so
 * `outPath` never exists half-written and an existing file is never replaced: a replica may have it open as
 * immutable, and SQLite would read garbage if it changed.
 */
export async function createSnapshot(
  sourcePath: string,
  outPath: string,
  now: () => Date = () => new Date(),
): Promise<SnapshotManifest> {
  const out = resolve(outPath);
  if (existsSync(out)) throw new SnapshotError(`${out} exists: a snapshot is never overwritten, give a new file name`);
  if (!existsSync(dirname(out))) throw new SnapshotError(`${dirname(out)}: no such folder for the snapshot`);
  if (!existsSync(sourcePath)) {
    throw new SnapshotError(
      `no database at ${sourcePath} (TRADEFLOW_DB): start the server once or run npm run import first`,
    );
  }
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  try {
    const source = openReadOnlyDb(sourcePath);
    try {
      const pending = listPendingMigrations(source);
      if (pending.length > 0) {
        throw new SnapshotError(`${sourcePath} lacks migration(s) ${pending.join(', ')}: run npm run migrate first`);
      }
      vacuumInto(source, partial);
    } finally {
      source.close();
    }
    // What the manifest says is read from the copy itself, so it describes exactly the bytes that were hashed.
    const copy = openReadOnlyDb(partial);
    let facts: Pick<SnapshotManifest, 'migrations' | 'dataVersion' | 'datasets'>;
    try {
      facts = {
        migrations: listAppliedMigrations(copy),
        dataVersion: readDataVersion(copy),
        datasets: listDatasets(copy).map(({ id, name, fileName, sha256, format, rowCount, importedAt }) => ({
          id,
          name,
          fileName,
          sha256,
          format,
          rowCount,
          importedAt,
        })),
      };
    } finally {
      copy.close();
    }
    const manifest: SnapshotManifest = {
      format: 'tradeflow-snapshot/1',
      file: basename(out),
      sha256: await sha256File(partial),
      bytes: statSync(partial).size,
      builtAt: now().toISOString(),
      ...facts,
    };
    // link, not rename: it fails if `out` appeared meanwhile instead of replacing it.
    linkSync(partial, out);
    writeManifest(out, manifest);
    return manifest;
  } finally {
    rmSync(partial, { force: true });
  }
}

function listPendingMigrations(db: Db): string[] {
  let applied: Set<string>;
  try {
    applied = new Set(listAppliedMigrations(db));
  } catch {
    applied = new Set();
  }
  return listMigrationFiles().filter((name) => !applied.has(name));
}

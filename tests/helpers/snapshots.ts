/** Two snapshots of the bundled data, an "old" one without the events file and a "new" one with it, for the snapshot tests. */
import { join } from 'node:path';
import { listBundledFiles } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createSnapshot } from '../../server/snapshot/create.ts';
import { createTestDb, fixedNow } from './db.ts';
import { repoRoot } from './paths.ts';

export interface SnapshotPair {
  source: string;
  old: string;
  new: string;
}

/** The file the new snapshot adds; imported a day after the rest, so the two differ in Last-Modified too. */
export const addedFile = 'events.csv';

export async function buildSnapshotPair(dir: string): Promise<SnapshotPair> {
  const dataDir = join(repoRoot, 'data');
  const source = join(dir, 'source.db');
  const db = createTestDb(source);
  try {
    for (const file of listBundledFiles(dataDir).filter((path) => !path.endsWith(addedFile))) {
      await mustImport(db, file, fixedNow);
    }
    await createSnapshot(source, join(dir, 'old.db'));
    await mustImport(db, join(dataDir, addedFile), () => new Date(fixedNow().getTime() + 86_400_000));
    await createSnapshot(source, join(dir, 'new.db'));
  } finally {
    db.close();
  }
  return { source, old: join(dir, 'old.db'), new: join(dir, 'new.db') };
}

async function mustImport(db: ReturnType<typeof createTestDb>, path: string, now: () => Date): Promise<void> {
  const summary = await importFile(db, path, { now });
  if (summary.status !== 'imported') throw new Error(`${path} did not import: ${JSON.stringify(summary.problems)}`);
}

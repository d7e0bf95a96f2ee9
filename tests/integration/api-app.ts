/** Builds the API over an in-memory database filled by the real importer, for the api-*.test.ts files. */
import { join } from 'node:path';
import { createApp, type AppHandler } from '../../server/app.ts';
import type { Db } from '../../server/db/connection.ts';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture, repoRoot } from '../helpers/paths.ts';

export const dataDir = join(repoRoot, 'data');

export interface ApiAppOptions {
  /** Every bundled dataset in data/ (true), some of them by file name, or none. */
  bundled?: boolean | string[];
  /** Files under tests/fixtures/api/, imported after the bundled data, in this order. */
  fixtures?: string[];
  now?: () => Date;
}

export async function createApiApp(options: ApiAppOptions = {}): Promise<{ db: Db; app: AppHandler }> {
  const db = createTestDb();
  if (options.bundled === true) await importBundledDatasets(db, dataDir, fixedNow);
  if (Array.isArray(options.bundled)) {
    for (const file of options.bundled) await mustImport(db, join(dataDir, file));
  }
  for (const file of options.fixtures ?? []) await mustImport(db, fixture(`api/${file}`));
  const app = createApp({
    db,
    config: { clientDir: '/nonexistent' },
    now: options.now ?? fixedNow,
    logError: () => {},
  });
  return { db, app };
}

async function mustImport(db: Db, path: string): Promise<void> {
  const summary = await importFile(db, path, { now: fixedNow });
  if (summary.status !== 'imported') throw new Error(`${path} did not import: ${JSON.stringify(summary.problems)}`);
}

/**
 * The datasets bundled in `data/`: imported on start-up through the same importer as `npm run import`, so the
 * bundled files obey every rule a user's file does.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/connection.ts';
import { importFile, type ImportSummary } from './import-file.ts';

export function listBundledFiles(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => join(dataDir, name));
}

export class BundledImportError extends Error {
  constructor(readonly summary: ImportSummary) {
    super(`bundled dataset ${summary.file} failed to import (${summary.problemCount} problems)`);
  }
}

/** Imports each bundled file not yet present (a file whose SHA-256 is already stored is a no-op). */
export async function importBundledDatasets(db: Db, dataDir: string, now?: () => Date): Promise<ImportSummary[]> {
  const summaries: ImportSummary[] = [];
  for (const file of listBundledFiles(dataDir)) {
    const summary = await importFile(db, file, {
      now,
      sourceDescription: 'Bundled with Tradeflow: published figures, each row citing its source (data/README.md)',
    });
    if (summary.status === 'failed') throw new BundledImportError(summary);
    summaries.push(summary);
  }
  return summaries;
}

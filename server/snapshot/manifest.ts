/**
 * The manifest written beside a snapshot (`OUT.db.manifest.json`): what the file is (its SHA-256 and size), what it
 * holds (the schema's migrations, every dataset with the SHA-256 of the file it came from and its id, which grows
 * on every re-import) and when it was built. Replicas check the file against it before serving.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DatasetRecord } from '../queries/datasets.ts';

export const manifestFormat = 'tradeflow-snapshot/1';

export interface SnapshotManifest {
  format: typeof manifestFormat;
  /** The snapshot's file name (the manifest sits beside it). */
  file: string;
  sha256: string;
  bytes: number;
  builtAt: string;
  /** The migrations applied to the snapshot's schema, in order. */
  migrations: string[];
  /** The datasets' versions in one string (readDataVersion: `id:sha256,…`); it keys the CSV download's ETag. */
  dataVersion: string;
  datasets: Array<Pick<DatasetRecord, 'id' | 'name' | 'fileName' | 'sha256' | 'format' | 'rowCount' | 'importedAt'>>;
}

export function manifestPathFor(snapshotPath: string): string {
  return `${snapshotPath}.manifest.json`;
}

/** Written to a temporary name first and renamed: a reader sees no manifest or a whole one. */
export function writeManifest(snapshotPath: string, manifest: SnapshotManifest): void {
  const path = manifestPathFor(snapshotPath);
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(partial, path);
}

/** The manifest beside `snapshotPath`, or undefined when there is none (a snapshot copied without it still serves). */
export function readManifest(snapshotPath: string): SnapshotManifest | undefined {
  const path = manifestPathFor(snapshotPath);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const manifest = parsed as Partial<SnapshotManifest> | null;
  if (manifest?.format !== manifestFormat || typeof manifest.sha256 !== 'string') {
    throw new Error(`${path}: not a ${manifestFormat} manifest (no "format" or "sha256")`);
  }
  return manifest as SnapshotManifest;
}

/** SHA-256 of a file, read as a stream (a snapshot of the full data is hundreds of MB). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Whether a dataset's original file can still be offered for download: it must be where the importer read it
 * (datasets.file_path) with the SHA-256 the dataset was imported with, so the bytes sent are the bytes imported.
 * Hashing a large upload takes a while, so each file's hash is computed when first asked and remembered per
 * (path, modification time, size): a file changed on disk is hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { LRUCache } from 'lru-cache';

export type KeptFile = { available: true; path: string; bytes: number } | { available: false; reason: string };

// Keyed by the file's identity on disk, never by database: one memo serves every app in the process.
const hashes = new LRUCache<string, Promise<string>>({ max: 1000 });

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export async function checkKeptFile(path: string | null, sha256: string): Promise<KeptFile> {
  if (path === null) {
    return {
      available: false,
      reason:
        'it was imported before Tradeflow recorded where each imported file was read; import the file again to make it downloadable',
    };
  }
  let bytes: number;
  let key: string;
  try {
    const file = await stat(path);
    if (!file.isFile()) throw new Error('not a file');
    bytes = file.size;
    key = `${path}\u0000${file.mtimeMs}\u0000${file.size}`;
  } catch {
    return { available: false, reason: 'the file it was imported from is no longer where it was read' };
  }
  let hashed = hashes.get(key);
  if (hashed === undefined) {
    hashed = sha256Of(path);
    hashes.set(key, hashed);
    // A file that vanished while being hashed is asked again next time, not remembered as a failure.
    hashed.catch(() => hashes.delete(key));
  }
  let actual: string;
  try {
    actual = await hashed;
  } catch {
    return { available: false, reason: 'the file it was imported from could not be read' };
  }
  if (actual !== sha256) {
    return {
      available: false,
      reason: 'the file where it was read has changed since it was imported (its SHA-256 no longer matches)',
    };
  }
  return { available: true, path, bytes };
}

/**
 * Raw responses from UN Comtrade, one file per call under data/cache/comtrade/ (gitignored: Comtrade's terms do not
 * allow redistributing its data), so a fetch that stopped half-way, or runs again, calls only what is missing or
 * older than --max-age. Each file is written to a temporary name and renamed, so a process killed while writing
 * leaves either the whole response or none.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CachedResponse {
  /** The call (callPath: path and query relative to the API's base, no key). */
  call: string;
  /** The base address it was fetched from. */
  base: string;
  /** ISO time of the response. */
  fetchedAt: string;
  /** The body exactly as received. */
  body: string;
}

export interface ResponseCache {
  dir: string;
  /** The cached response to a call, whatever its age; undefined when there is none (or it is unreadable). */
  read(call: string): Promise<CachedResponse | undefined>;
  write(entry: CachedResponse): Promise<void>;
}

/** The file name of a call: a digest of the call, so any call (however long its lists) has a short, safe name. */
export function cacheFileName(call: string): string {
  return `${createHash('sha256').update(call).digest('hex').slice(0, 32)}.json`;
}

function isCachedResponse(value: unknown, call: string): value is CachedResponse {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    entry.call === call &&
    typeof entry.base === 'string' &&
    typeof entry.fetchedAt === 'string' &&
    !Number.isNaN(Date.parse(entry.fetchedAt)) &&
    typeof entry.body === 'string'
  );
}

export function openResponseCache(dir: string): ResponseCache {
  let made = false;
  return {
    dir,
    async read(call) {
      let text: string;
      try {
        text = await readFile(join(dir, cacheFileName(call)), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const entry = JSON.parse(text) as unknown;
        // Another call with the same digest prefix, or a file edited by hand, is treated as not cached.
        return isCachedResponse(entry, call) ? entry : undefined;
      } catch {
        return undefined;
      }
    },
    async write(entry) {
      if (!made) await mkdir(dir, { recursive: true });
      made = true;
      const path = join(dir, cacheFileName(entry.call));
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(entry));
      await rename(temporary, path);
    },
  };
}

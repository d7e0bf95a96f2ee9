/**
 * Remembers the bytes of successful GET responses until the data changes. The API only reads, and the data changes
 * only when an import commits, so a repeated query (the dashboard's first view, a shared link) can be answered
 * from memory instead of being recomputed: scripts/bench measured the series route at 1,400 requests/s without it.
 *
 * The cache empties itself when `PRAGMA data_version` (a commit by another connection, e.g. `npm run import` while
 * the server runs) or `total_changes()` (a commit on this connection, as in tests) moves, and the key includes
 * today's date, because some answers depend on it (the cap's "not due yet" months, the current month).
 */
import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/connection.ts';
import { readChangeCounter } from '../queries/datasets.ts';

interface CachedResponse {
  headers: Record<string, string>;
  body: Buffer;
}

const keptHeaders = ['content-type', 'content-disposition', 'etag', 'cache-control'] as const;

export interface ResponseCacheOptions {
  /** Largest single response kept (bigger ones are still streamed, just not remembered). */
  maxEntryBytes?: number;
  /** All entries together; the least recently used go first. */
  maxTotalBytes?: number;
  now: () => Date;
}

export function createResponseCache(db: Db, options: ResponseCacheOptions): RequestHandler {
  const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  const maxTotalBytes = options.maxTotalBytes ?? 32 * 1024 * 1024;
  const entries = new Map<string, CachedResponse>();
  let totalBytes = 0;
  let seenVersion = readChangeCounter(db);

  const remember = (key: string, entry: CachedResponse): void => {
    entries.set(key, entry);
    totalBytes += entry.body.length;
    for (const [oldKey, old] of entries) {
      if (totalBytes <= maxTotalBytes) break;
      entries.delete(oldKey);
      totalBytes -= old.body.length;
    }
  };

  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    const version = readChangeCounter(db);
    if (version !== seenVersion) {
      entries.clear();
      totalBytes = 0;
      seenVersion = version;
    }
    const key = `${options.now().toISOString().slice(0, 10)} ${req.originalUrl}`;
    const hit = entries.get(key);
    if (hit) {
      // Most recently used last: re-insert.
      entries.delete(key);
      entries.set(key, hit);
      res.set(hit.headers);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.end(hit.body);
      return;
    }
    captureBody(res, maxEntryBytes, (body) => {
      if (res.statusCode !== 200 || version !== readChangeCounter(db)) return;
      const headers: Record<string, string> = {};
      for (const name of keptHeaders) {
        const value = res.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      remember(key, { headers, body });
    });
    next();
  };
}

/** Collects what the handler writes (up to a limit) and hands it over once the response has been sent whole. */
function captureBody(res: Response, limit: number, onComplete: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  const collect = (chunk: unknown, encoding: unknown): void => {
    if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    size += buffer.length;
    if (size > limit) {
      tooBig = true;
      chunks.length = 0;
    } else {
      chunks.push(buffer);
    }
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as Response['end'];
  res.on('finish', () => {
    if (!tooBig) onComplete(copyOutOfPool(chunks, size));
  });
}

/**
 * The body in one allocation of its own. A small Buffer (under 4 KiB, as most answers are) is a slice of Node's
 * shared 8 KiB pool, and keeping the slice keeps the whole slab alive: kept as `Buffer.concat` returns them, 4 MiB
 * of counted 3 KB bodies held 10.9 MiB (tests/reliability/response-cache-memory.test.ts).
 */
function copyOutOfPool(chunks: readonly Buffer[], size: number): Buffer {
  const body = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const chunk of chunks) offset += chunk.copy(body, offset);
  return body;
}

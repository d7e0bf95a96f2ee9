/**
 * Remembers the bytes of successful GET responses until the data changes. The API only reads, and the data changes
 * only when an import commits, so a repeated query (the dashboard's first view, a shared link) can be answered
 * from memory instead of being recomputed: scripts/bench measured the series route at 1,400 requests/s without it.
 *
 * A remembered answer is replayed whole, status 200 and every header the route and helmet set, by `replay`, which
 * the app calls before Express sees the request (server/app.ts): Express's own per-request work costs more than a
 * cached answer does (BENCHMARKS.md, "HTTP under load"). `middleware` sits on each cacheable route and records
 * what the route sends; it replays too, for an app used without the front door (the tests' small apps).
 *
 * The cache empties itself when `PRAGMA data_version` (a commit by another connection, e.g. `npm run import` while
 * the server runs) or `total_changes()` (a commit on this connection, as in tests) moves, and the key includes
 * today's date, because some answers depend on it (the cap's "not due yet" months, the current month).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import fresh from 'fresh';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/connection.ts';
import { readChangeCounter } from '../queries/datasets.ts';

interface CachedResponse {
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Headers that belong to one response on one connection, not to the answer: Node sets them anew each time. */
const perResponseHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

export interface ResponseCacheOptions {
  /** Largest single response kept (bigger ones are still streamed, just not remembered). */
  maxEntryBytes?: number;
  /**
   * All entries' bodies together; the least recently used go first. 0 turns the cache off (the HTTP bench's
   * "computed every time" server). The default, 16 MiB, holds about 5,000 typical
   * answers; under the held load (scripts/bench/load-bench.ts) the server's RSS grew by about 2.6 times the bodies
   * kept (their headers, keys and the garbage collector's headroom), so 32 MiB took the server past its bound.
   */
  maxTotalBytes?: number;
  now: () => Date;
  /**
   * What else, besides the URL, an answer depends on (app.ts: whether the request came over https, which decides
   * the security headers); answers for different variants are kept apart.
   */
  variant?: (req: IncomingMessage) => string;
}

export interface ResponseCache {
  /** On a cacheable route: replays a remembered answer, else lets the route answer and remembers a 200. */
  middleware: RequestHandler;
  /** Sends the remembered answer for this GET and returns true; false (nothing sent) when there is none. */
  replay(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createResponseCache(db: Db, options: ResponseCacheOptions): ResponseCache {
  const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  const maxTotalBytes = options.maxTotalBytes ?? 16 * 1024 * 1024;
  // lru-cache (isaacs): a byte budget and least-recently-used eviction, instead of the hand-written second-chance
  // eviction this file had (issue 10: one cache, from a well-kept library). Only bodies are counted, as before.
  const entries = new LRUCache<string, CachedResponse>({
    maxSize: Math.max(maxTotalBytes, 1),
    maxEntrySize: Math.max(Math.min(maxEntryBytes, maxTotalBytes), 1),
    sizeCalculation: (entry) => Math.max(entry.body.length, 1),
  });
  const enabled = maxTotalBytes > 0;
  let seenVersion = readChangeCounter(db);

  /** The data's version now, after emptying the cache if it moved. */
  const checkVersion = (): string => {
    const version = readChangeCounter(db);
    if (version !== seenVersion) {
      entries.clear();
      seenVersion = version;
    }
    return version;
  };
  const variantOf = options.variant ?? (() => '');
  const keyOf = (req: IncomingMessage, url: string): string =>
    `${options.now().toISOString().slice(0, 10)} ${variantOf(req)} ${url}`;

  /** Sends the entry kept under `key`, if there is one (the caller has checked the data's version). */
  const sendHit = (key: string, req: IncomingMessage, res: ServerResponse): boolean => {
    const hit = entries.get(key);
    if (!hit) return false;
    // As Express decides it (req.fresh): If-None-Match against the ETag (else If-Modified-Since against a snapshot's
    // Last-Modified), unless the request says no-cache.
    if (fresh(req.headers, { etag: hit.headers.etag, 'last-modified': hit.headers['last-modified'] })) {
      // A 304 carries the answer's headers but not its body's type and length (as Express sends one).
      const { 'content-type': _type, 'content-length': _length, ...notModified } = hit.headers;
      res.writeHead(304, notModified).end();
    } else {
      res.writeHead(200, hit.headers).end(hit.body);
    }
    return true;
  };

  // Behind the limits (app.ts mounts them first), so a request with a body never gets here.
  const middleware: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || !enabled) return next();
    // req.originalUrl: the whole path and query, as `replay` sees req.url before Express mounts the router.
    const version = checkVersion();
    const key = keyOf(req, req.originalUrl);
    if (sendHit(key, req, res)) return;
    captureBody(res, maxEntryBytes, (body) => {
      if (res.statusCode !== 200 || version !== readChangeCounter(db)) return;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value !== undefined && !perResponseHeaders.has(name)) headers[name] = value;
      }
      headers['content-length'] = body.length;
      entries.set(key, { headers, body });
    });
    next();
  };

  const replay = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || req.url === undefined || !enabled) return false;
    // A request with a body is refused by the limits (limits.ts), never answered: leave it to them.
    if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') return false;
    try {
      checkVersion();
      return sendHit(keyOf(req, req.url), req, res);
    } catch {
      // Outside Express nothing would turn a failure (a closed database) into the API's JSON error: leave the request
      // to Express, which meets the same failure in the middleware and answers with its error handler.
      return false;
    }
  };
  return { middleware, replay };
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

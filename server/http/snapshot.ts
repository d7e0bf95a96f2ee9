/**
 * What changes in the HTTP layer when the server serves a snapshot (TRADEFLOW_SNAPSHOT, server/snapshot/): the
 * data can no longer change under a URL, so every replica of one snapshot must give the same validators for it and
 * shared caches may keep its answers.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ReadOnlySnapshotError } from '../errors.ts';

export interface SnapshotServing {
  sha256: string;
  /** Newest import in the snapshot; sent as Last-Modified. */
  lastModified: Date | undefined;
  /** For data answers (config.ts SnapshotConfig.cacheControl). */
  cacheControl: string;
}

/**
 * Express's `etag fn`: the snapshot's hash and the body's, so a tag never outlives its snapshot and never depends
 * on the process (two replicas of one snapshot tag the same answer alike; any of them answers If-None-Match).
 */
export function snapshotEtag(sha256: string): (body: Buffer | string, encoding?: BufferEncoding) => string {
  const prefix = sha256.slice(0, 16);
  return (body, encoding) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, encoding ?? 'utf8') : body;
    return `"${prefix}-${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  };
}

/**
 * Mounted on /api ahead of everything else: any method but GET and HEAD is a write, refused with 403 and why, the
 * upload endpoints included, before their token is looked at (outside snapshot mode a path that does not write
 * answers 405). Data answers get the snapshot's Last-Modified and its Cache-Control (respond.ts reads it).
 */
export function snapshotHeaders(snapshot: SnapshotServing): RequestHandler {
  const lastModified = snapshot.lastModified?.toUTCString();
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next(new ReadOnlySnapshotError(req.method, req.originalUrl.split('?')[0] ?? req.originalUrl));
      return;
    }
    if (lastModified !== undefined) res.setHeader('Last-Modified', lastModified);
    res.locals.dataCacheControl = snapshot.cacheControl;
    next();
  };
}

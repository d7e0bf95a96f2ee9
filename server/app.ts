/**
 * Builds the request handler: the response cache's replay in front, the Express app behind it. It never listens
 * (main.ts does, with node:http's createServer), so tests drive it in-process with supertest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import express from 'express';
import { existsSync } from 'node:fs';
import type { Db } from './db/connection.ts';
import { defaultUploadMaxBytes, type Config } from './config.ts';
import { createApiRouter } from './http/routes.ts';
import { createErrorHandler, notFoundHandler } from './http/error-handler.ts';
import { limitRequests } from './http/limits.ts';
import { linkPreview } from './http/link-preview.ts';
import { createResponseCache } from './http/response-cache.ts';
import { reachedOverHttps, securityHeaders, type TrustProxyFn } from './http/security.ts';
import { snapshotEtag, snapshotHeaders, type SnapshotServing } from './http/snapshot.ts';

export interface AppDeps {
  /** A read-only connection in production (main.ts); tests may pass an in-memory one. */
  db: Db;
  /**
   * The one writable connection, for uploads and deletes (issue 14); absent: writes answer 403 writes-disabled.
   * Tests may pass `db` itself.
   */
  writeDb?: Db;
  config: Pick<Config, 'clientDir'> &
    Partial<Pick<Config, 'https' | 'trustProxy' | 'adminToken' | 'uploadMaxBytes' | 'uploadDir'>>;
  logError?: (error: unknown) => void;
  /** The clock ("is this month in the future?"); tests pass a fixed one. */
  now?: () => Date;
  /** The response cache's byte budget (response-cache.ts; 0: off, every answer computed). */
  responseCacheBytes?: number;
  /** Serving an immutable snapshot (server/snapshot/): validators from it, cacheable answers, writes refused. */
  snapshot?: SnapshotServing;
}

export type AppHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createApp({
  db,
  writeDb,
  config,
  logError,
  now = () => new Date(),
  responseCacheBytes,
  snapshot,
}: AppDeps): AppHandler {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', snapshot ? snapshotEtag(snapshot.sha256) : 'strong');
  app.set('trust proxy', config.trustProxy ?? false);
  const trust = app.get('trust proxy fn') as TrustProxyFn;
  const isHttps = (req: IncomingMessage): boolean => reachedOverHttps(req, config.https ?? false, trust);
  // Answers differ in their security headers by how the request arrived: each kind is remembered apart.
  const cache = createResponseCache(db, {
    now,
    variant: (req) => (isHttps(req) ? 'https' : 'http'),
    ...(responseCacheBytes === undefined ? {} : { maxTotalBytes: responseCacheBytes }),
  });
  app.use(securityHeaders(isHttps));
  if (snapshot) app.use('/api', snapshotHeaders(snapshot));
  app.use(limitRequests);
  const datasets =
    writeDb && config.uploadDir !== undefined
      ? { writeDb, uploadDir: config.uploadDir, uploadMaxBytes: config.uploadMaxBytes ?? defaultUploadMaxBytes, now }
      : undefined;
  app.use('/api', createApiRouter({ db, now }, cache, { adminToken: config.adminToken, datasets }));
  if (existsSync(config.clientDir)) {
    // The dashboard's files go out gzipped (main.js: 233 KiB raw, 80 KiB gzipped). Only here: API answers are
    // remembered and replayed as sent (response-cache.ts), so they stay uncompressed.
    // A view's link (`/?commodity=…`) gets index.html with that view's preview tags (link-preview.ts).
    app.use(
      compression(),
      linkPreview(db, config.clientDir),
      express.static(config.clientDir, { index: 'index.html', maxAge: '5m' }),
    );
  }
  app.use(notFoundHandler);
  app.use(createErrorHandler(logError));
  // A GET the cache has answered before, for data that has not changed since, is replayed (same status, headers and
  // bytes) before Express routes it: Express's own per-request work is several times the cost of a remembered
  // answer (BENCHMARKS.md). Everything else, including every first request for a URL, goes through Express.
  return (req, res) => {
    if (!cache.replay(req, res)) app(req, res);
  };
}

/**
 * Every path the server answers, on one screen. Every one reads: GET (and HEAD, which Express derives). Two write,
 * for the holder of the admin token only (http/auth.ts): POST /datasets (upload) and DELETE /datasets/:name.
 */
import { Router, type RequestHandler } from 'express';
import { MethodNotAllowedError } from '../errors.ts';
import { capHandler } from './handlers/cap.ts';
import { claimsHandler } from './handlers/claims.ts';
import { commoditiesHandler, datasetsHandler } from './handlers/catalog.ts';
import { datasetFileHandler, datasetHandler, datasetRowsHandler, datasetVersionsHandler } from './handlers/datasets.ts';
import { eventsHandler } from './handlers/events.ts';
import { headlineHandler } from './handlers/headline.ts';
import { healthHandler } from './handlers/health.ts';
import { seriesCsvHandler, seriesHandler } from './handlers/series.ts';
import { shipmentsHandler } from './handlers/shipments.ts';
import type { ResponseCache } from './response-cache.ts';
import type { ApiDeps } from './respond.ts';
import { requireAdmin } from './auth.ts';
import { WritesDisabledError } from '../errors.ts';
import { datasetWriteHandlers, type DatasetWriteDeps } from './handlers/datasets-write.ts';

export interface WriteRouteDeps {
  /** TRADEFLOW_ADMIN_TOKEN; undefined: the write routes answer 403 writes-disabled. */
  adminToken: string | undefined;
  /** Undefined (no writable connection): writes are off too. */
  datasets: DatasetWriteDeps | undefined;
}

/** `cache` remembers the data answers until the data changes (response-cache.ts); `uncached` paths are asked live. */
export function createApiRouter(deps: ApiDeps, cache: ResponseCache, writeDeps?: WriteRouteDeps): Router {
  const routes: Array<[string, RequestHandler]> = [
    ['/health', healthHandler(deps.db)],
    ['/series', seriesHandler(deps)],
    ['/series.csv', seriesCsvHandler(deps)],
    ['/headline', headlineHandler(deps)],
    ['/cap', capHandler(deps)],
    ['/claims', claimsHandler(deps)],
    ['/shipments', shipmentsHandler(deps)],
    ['/events', eventsHandler(deps)],
    ['/commodities', commoditiesHandler(deps)],
    ['/datasets', datasetsHandler(deps)],
    ['/datasets/:name', datasetHandler(deps)],
    ['/datasets/:name/rows', datasetRowsHandler(deps)],
    ['/datasets/:name/versions', datasetVersionsHandler(deps)],
    ['/datasets/:name/file', datasetFileHandler(deps)],
  ];
  // Live, not remembered: health, and original files (they may be large, and may change on disk).
  const uncached = new Set(['/health', '/datasets/:name/file']);
  const router = Router();
  const writes = writeDeps?.datasets ? datasetWriteHandlers(writeDeps.datasets) : undefined;
  const off: RequestHandler = (_req, _res, next) => next(new WritesDisabledError());
  const admin = requireAdmin(writes ? writeDeps?.adminToken : undefined);
  router.post('/datasets', admin, writes?.upload ?? off);
  router.delete('/datasets/:name', admin, writes?.remove ?? off);
  for (const [path, handler] of routes) {
    if (uncached.has(path)) router.get(path, handler);
    else router.get(path, cache.middleware, handler);
    const answers = path === '/datasets' ? 'GET (and HEAD), and POST with the admin token' : undefined;
    router.all(path, (req, _res, next) =>
      next(new MethodNotAllowedError(req.method, req.originalUrl.split('?')[0] ?? path, answers)),
    );
  }
  return router;
}

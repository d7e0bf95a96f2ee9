/** Every path the server answers, on one screen. All of them only read: GET (and HEAD, which Express derives). */
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

/** `cache` remembers the data answers until the data changes (response-cache.ts); `uncached` paths are asked live. */
export function createApiRouter(deps: ApiDeps, cache: ResponseCache): Router {
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
  for (const [path, handler] of routes) {
    if (uncached.has(path)) router.get(path, handler);
    else router.get(path, cache.middleware, handler);
    router.all(path, (req, _res, next) =>
      next(new MethodNotAllowedError(req.method, req.originalUrl.split('?')[0] ?? path)),
    );
  }
  return router;
}

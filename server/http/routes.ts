/** Every path the server answers, on one screen. */
import { Router } from 'express';
import type { Db } from '../db/connection.ts';
import { healthHandler } from './handlers/health.ts';

export function createApiRouter(db: Db): Router {
  const router = Router();
  router.get('/health', healthHandler(db));
  return router;
}

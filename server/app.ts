/** Builds the Express app; never listens (main.ts does), so tests drive it in-process with supertest. */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { Db } from './db/connection.ts';
import type { Config } from './config.ts';
import { createApiRouter } from './http/routes.ts';
import { createErrorHandler, notFoundHandler } from './http/error-handler.ts';
import { limitRequests } from './http/limits.ts';

export interface AppDeps {
  /** A read-only connection in production (main.ts); tests may pass an in-memory one. */
  db: Db;
  config: Pick<Config, 'clientDir'>;
  logError?: (error: unknown) => void;
  /** The clock ("is this month in the future?"); tests pass a fixed one. */
  now?: () => Date;
}

export function createApp({ db, config, logError, now = () => new Date() }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', 'strong');
  app.use(helmet());
  app.use(limitRequests);
  app.use('/api', createApiRouter({ db, now }));
  if (existsSync(config.clientDir)) app.use(express.static(config.clientDir, { index: 'index.html', maxAge: '5m' }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logError));
  return app;
}

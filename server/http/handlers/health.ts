import type { RequestHandler } from 'express';
import type { Db } from '../../db/connection.ts';
import { countDatasets } from '../../queries/datasets.ts';

export function healthHandler(db: Db): RequestHandler {
  return (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', datasets: countDatasets(db) });
  };
}

import type { RequestHandler } from 'express';
import type { Db } from '../../db/connection.ts';
import { countDatasets } from '../../queries/datasets.ts';
import { noParams, parseParams } from '../schemas.ts';

export function healthHandler(db: Db): RequestHandler {
  return (req, res) => {
    parseParams(noParams, req.query);
    res.set('Cache-Control', 'no-store').json({ status: 'ok', datasets: countDatasets(db) });
  };
}

import type { RequestHandler } from 'express';
import { listCommodityGroups, sources, units } from '../../queries/commodities.ts';
import { listDatasets } from '../../queries/datasets.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { describeDatasets } from './datasets.ts';
import { noParams, parseParams } from '../schemas.ts';

export function commoditiesHandler({ db }: ApiDeps): RequestHandler {
  return (req, res) => {
    parseParams(noParams, req.query);
    sendData(res, { groups: listCommodityGroups(db), units, sources });
  };
}

/** Every dataset with its provenance, coverage, number of versions and whether its file can be downloaded. */
export function datasetsHandler({ db }: ApiDeps): RequestHandler {
  return async (req, res) => {
    parseParams(noParams, req.query);
    sendData(res, { datasets: await describeDatasets(db, listDatasets(db)) });
  };
}

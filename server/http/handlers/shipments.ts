import type { RequestHandler } from 'express';
import { loadShipments } from '../../queries/shipments.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { checkRange, parseParams, shipmentsParams } from '../schemas.ts';

export function shipmentsHandler({ db, now }: ApiDeps): RequestHandler {
  return (req, res) => {
    const params = parseParams(shipmentsParams, req.query);
    checkRange(params.from, params.to, now().toISOString().slice(0, 10), 'day');
    sendData(res, loadShipments(db, { ...params, unit: params.unit ?? 'bbl' }));
  };
}

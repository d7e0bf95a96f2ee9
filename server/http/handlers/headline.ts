import type { RequestHandler } from 'express';
import { loadHeadline } from '../../queries/headline.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { headlineParams, parseParams } from '../schemas.ts';

export function headlineHandler({ db, now }: ApiDeps): RequestHandler {
  return (req, res) => {
    const params = parseParams(headlineParams, req.query);
    const source = params.source ?? 'customs';
    const measure = params.measure ?? 'quantity';
    const unit = params.unit ?? (measure === 'value' ? 'usd' : source === 'customs' ? 't' : 'bbl');
    const request = {
      commodity: params.commodity,
      reporter: params.reporter ?? 'CHN',
      month: params.month,
      partner: params.partner ?? 'PRK',
      direction: params.direction ?? 'export',
      source,
      measure,
      unit,
    };
    sendData(res, loadHeadline(db, request, now()));
  };
}

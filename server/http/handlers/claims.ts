import type { RequestHandler } from 'express';
import { loadClaims } from '../../queries/claims.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { claimsParams, parseParams } from '../schemas.ts';

/** Published claims about a series, each beside what Tradeflow computes (docs/api.md "GET /api/claims"). */
export function claimsHandler({ db, now }: ApiDeps): RequestHandler {
  return (req, res) => {
    const params = parseParams(claimsParams, req.query);
    const request = {
      commodity: params.commodity,
      reporter: params.reporter ?? 'CHN',
      partner: params.partner ?? 'PRK',
      ...(params.month === undefined ? {} : { month: params.month }),
    };
    sendData(res, loadClaims(db, request, now()));
  };
}

import type { RequestHandler } from 'express';
import { InvalidParameterError } from '../../errors.ts';
import { firstCapYear, loadCap } from '../../queries/cap.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { capParams, parseParams } from '../schemas.ts';

export function capHandler({ db, now }: ApiDeps): RequestHandler {
  return (req, res) => {
    const at = now();
    const year = Number(parseParams(capParams, req.query).year);
    if (year < firstCapYear) {
      throw new InvalidParameterError(
        'year',
        `${year}: the 500,000-barrel cap of UNSCR 2397 applies from ${firstCapYear}`,
      );
    }
    if (year > at.getUTCFullYear()) throw new InvalidParameterError('year', `${year} has not begun`);
    sendData(res, loadCap(db, year, at));
  };
}

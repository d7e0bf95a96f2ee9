import type { RequestHandler } from 'express';
import { eventCategories } from '../../vocabulary.ts';
import { InvalidParameterError } from '../../errors.ts';
import { listEvents } from '../../queries/events.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { eventsParams, parseParams } from '../schemas.ts';

export function eventsHandler({ db }: ApiDeps): RequestHandler {
  return (req, res) => {
    const params = parseParams(eventsParams, req.query);
    if (params.from !== undefined && params.to !== undefined && params.from > params.to) {
      throw new InvalidParameterError('from', `${params.from} is after to (${params.to})`);
    }
    sendData(res, {
      events: listEvents(db, { from: params.from, to: params.to, categories: params.category }),
      categories: [...eventCategories],
    });
  };
}

import type { RequestHandler } from 'express';
import { PayloadTooLargeError, UriTooLongError } from '../errors.ts';

/** Longer than any real query (twelve commodities, every parameter): anything beyond is refused unread. */
export const maxQueryStringLength = 1024;

/**
 * Request limits. No endpoint reads a body, so any request that carries one is refused before it is read; the
 * query string is capped so no parser or validator ever works on an oversized one.
 */
export const limitRequests: RequestHandler = (req, _res, next) => {
  const question = req.url.indexOf('?');
  if (question >= 0 && req.url.length - question - 1 > maxQueryStringLength) {
    next(new UriTooLongError(`the query string is longer than ${maxQueryStringLength} characters`));
    return;
  }
  const length = Number(req.headers['content-length'] ?? '0');
  if (req.headers['transfer-encoding'] !== undefined || !(length === 0)) {
    next(new PayloadTooLargeError('this server takes no request body'));
    return;
  }
  next();
};

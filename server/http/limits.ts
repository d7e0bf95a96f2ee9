import type { Request, RequestHandler } from 'express';
import { PayloadTooLargeError, UriTooLongError } from '../errors.ts';

/** Longer than any real query (twelve commodities, every parameter): anything beyond is refused unread. */
export const maxQueryStringLength = 1024;

/**
 * The one request that carries a body: an upload (POST /api/datasets), which its handler reads as a stream under
 * its own size limit (TRADEFLOW_UPLOAD_MAX_BYTES, http/multipart.ts), after checking who sends it (http/auth.ts).
 */
function takesBody(req: Request): boolean {
  return req.method === 'POST' && /^\/api\/datasets\/?$/.test(req.path);
}

/**
 * Request limits. No other endpoint reads a body, so any other request that carries one is refused before it is
 * read; the query string is capped so no parser or validator ever works on an oversized one.
 */
export const limitRequests: RequestHandler = (req, _res, next) => {
  const question = req.url.indexOf('?');
  if (question >= 0 && req.url.length - question - 1 > maxQueryStringLength) {
    next(new UriTooLongError(`the query string is longer than ${maxQueryStringLength} characters`));
    return;
  }
  const length = Number(req.headers['content-length'] ?? '0');
  if (!takesBody(req) && (req.headers['transfer-encoding'] !== undefined || !(length === 0))) {
    next(new PayloadTooLargeError('this server takes no request body'));
    return;
  }
  next();
};

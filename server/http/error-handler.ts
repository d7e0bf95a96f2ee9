import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, InvalidParameterError, NotFoundError, type ErrorBody } from '../errors.ts';

/** Unknown paths get the same JSON error shape as everything else. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no such path: ${req.method} ${req.path}`));
};

interface HttpParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/**
 * The one error handler: an AppError keeps its status and code; errors from Express's own parsers (body too
 * large, malformed JSON) keep their 4xx status; anything else is a 500 that leaks nothing.
 */
export function createErrorHandler(
  log: (error: unknown) => void = (error) => console.error(error),
): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    let status = 500;
    let body: ErrorBody = { error: { code: 'internal-error', message: 'Something went wrong on our side.' } };
    if (error instanceof InvalidParameterError) {
      status = 400;
      body = { error: { code: 'invalid-parameter', message: error.message, parameter: error.parameter } };
    } else if (error instanceof AppError) {
      status = error.status;
      body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.parameter !== undefined ? { parameter: error.parameter } : {}),
          ...error.details,
        },
      };
    } else {
      const parserError = error as HttpParserError;
      const parserStatus = parserError.status ?? parserError.statusCode;
      // The router's URIError for a path parameter that is not valid percent-encoding (/api/datasets/%E0%A4%A) has
      // status 400 but no `expose`: the client's mistake, not ours.
      const exposed = parserError.expose === true || error instanceof URIError;
      if (exposed && parserStatus !== undefined && parserStatus >= 400 && parserStatus < 500) {
        status = parserStatus;
        body = { error: { code: parserError.type ?? 'bad-request', message: 'The request could not be read.' } };
      } else {
        log(error);
      }
    }
    // Half-way through a streamed download there is no way to send an error: cut the connection so the client
    // sees a failed transfer rather than a file that looks complete.
    if (res.headersSent) {
      log(error);
      res.destroy();
      return;
    }
    res.status(status).set('Cache-Control', 'no-store').json(body);
  };
}

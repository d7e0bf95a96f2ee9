/**
 * Typed HTTP errors. The error handler maps these to their status and code; anything else is a 500 that says
 * nothing about the internals. Status is never chosen by matching message text.
 */
export type ErrorCode = 'invalid-parameter' | 'not-found' | 'payload-too-large' | 'internal-error' | (string & {});

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

export class InvalidParameterError extends AppError {
  constructor(parameter: string, message: string) {
    super(400, 'invalid-parameter', `${parameter}: ${message}`, parameter);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, 'not-found', message);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; parameter?: string };
}

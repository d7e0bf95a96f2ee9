/**
 * Typed errors. The HTTP error handler maps these to their status and code; anything else is a 500 that says
 * nothing about the internals. Status is never chosen by matching message text.
 */
export type ErrorCode =
  | 'invalid-parameter'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'uri-too-long'
  | 'internal-error'
  | (string & {});

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

/**
 * A request the data cannot answer as asked, naming the parameter at fault. A domain error: queries throw it
 * without knowing about HTTP, and the HTTP layer's error handler answers it with a 400 (http/error-handler.ts).
 */
export class InvalidParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
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

/** A known path asked with a method it does not answer (the API only reads). */
export class MethodNotAllowedError extends AppError {
  constructor(method: string, path: string) {
    super(405, 'method-not-allowed', `${method} is not allowed on ${path}: the API only answers GET (and HEAD)`);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'payload-too-large', message);
  }
}

export class UriTooLongError extends AppError {
  constructor(message: string) {
    super(414, 'uri-too-long', message);
  }
}

/** Any write to a replica serving a snapshot: the file is immutable, and writes belong to the database it came from. */
export class ReadOnlySnapshotError extends AppError {
  constructor(method: string, path: string) {
    super(
      403,
      'read-only-snapshot',
      `${method} is refused on ${path}: this server serves a read-only snapshot; writes go to the database it was built from`,
    );
  }
}

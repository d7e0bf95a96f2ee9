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
  /** More fields for the error body beside code and message (an upload's problem list: InvalidFileError). */
  details?: Record<string, unknown>;

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
  error: { code: ErrorCode; message: string; parameter?: string; [detail: string]: unknown };
}

/**
 * A known path asked with a method it does not answer. Every path answers GET (and HEAD); /api/datasets also takes
 * the token-holder's POST (http/routes.ts says which), so the message names what the path does answer.
 */
export class MethodNotAllowedError extends AppError {
  constructor(method: string, path: string, answers = 'GET (and HEAD)') {
    super(405, 'method-not-allowed', `${method} is not allowed on ${path}: it answers ${answers}`);
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

/** Write endpoints when the server was started without TRADEFLOW_ADMIN_TOKEN: writes are off, and say how to turn them on. */
export class WritesDisabledError extends AppError {
  constructor() {
    super(403, 'writes-disabled', 'uploads are off: start the server with TRADEFLOW_ADMIN_TOKEN set');
  }
}

/** A write sent from a page on another origin (or a cross-site fetch): refused whatever token it carries. */
export class CrossOriginError extends AppError {
  constructor(reason: string) {
    super(403, 'cross-origin', `writes are only taken from this server's own pages: ${reason}`);
  }
}

/** A write without the admin token, or with another one (answered with `WWW-Authenticate: Bearer`). */
export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message);
  }
}

/** A second write while an upload is being received or imported: the database takes one import at a time. */
export class ImportInProgressError extends AppError {
  constructor() {
    super(409, 'import-in-progress', 'another upload or delete is in progress; try again when it has finished');
  }
}

/** An uploaded file the importer refused: its problems, as the command line prints them, and nothing changed. */
export class InvalidFileError extends AppError {
  constructor(
    file: string,
    problems: ReadonlyArray<{ line: number; column?: number; code: string; message: string }>,
    problemCount: number,
  ) {
    super(
      422,
      'invalid-file',
      `${file}: ${problemCount} problem${problemCount === 1 ? '' : 's'}; nothing was imported`,
    );
    this.details = {
      file,
      problems: problems.map((p) => ({ line: p.line, column: p.column ?? null, code: p.code, message: p.message })),
      problemCount,
    };
  }
}

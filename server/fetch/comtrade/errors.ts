/** What can stop a fetch, each with what the user should read: the option at fault, or the call that failed. */

/** A bad command-line option: named, with what is wrong (exit status 2). */
export class FetchUsageError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

export type FetchFailure =
  /** 401: the key was refused. */
  | 'unauthorized'
  /** 403 without Retry-After, or another 4xx: the API refuses this call as it stands. */
  | 'refused'
  /** The envelope's `error` field is set: the API answered with an error instead of data. */
  | 'api-error'
  /** Network errors, 5xx, 429, truncated or unreadable bodies, still failing after the last retry. */
  | 'gave-up'
  /** The API asked to wait longer than the fetch is willing to (a quota, typically). */
  | 'wait-too-long'
  /** A call that returns its record limit and cannot be split any further. */
  | 'cannot-split'
  /** `--offline` and a call that is not in the cache. */
  | 'not-cached';

/** A fetch that cannot go on; `call` is the request (without the key) it stopped at. */
export class FetchError extends Error {
  constructor(
    readonly failure: FetchFailure,
    readonly call: string,
    message: string,
  ) {
    super(message);
  }
}

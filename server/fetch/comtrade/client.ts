/**
 * HTTP to UN Comtrade, politely: at most `callsPerMinute` calls (comtradr's default is 10 a minute, one call every
 * 6 s), Retry-After honoured on 429 and 403 (comtradr's `comtrade_is_transient`), capped exponential back-off for
 * 429 without Retry-After, 5xx, network errors and bodies cut short, and errors that name the call. The clock and
 * `sleep` are injected so tests run the same waits in milliseconds.
 *
 * The key travels in the `Ocp-Apim-Subscription-Key` header (as comtradr sends it), never in the address, so no
 * address printed, cached or stored holds it.
 */
import { FetchError } from './errors.ts';

export interface ComtradeEnvelope {
  elapsedTime?: unknown;
  count?: unknown;
  data: unknown[];
  error?: unknown;
}

export interface ClientTiming {
  /** Milliseconds since some fixed point: when calls started, for the rate limit. */
  now: () => number;
  /** The wall clock (ms since 1970), to read a Retry-After given as a date. */
  wallClock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Attempts per call for transient failures (the first call included). */
  maxAttempts: number;
  /** The first back-off; each further one doubles, up to `backoffCapMs`. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A Retry-After longer than this stops the fetch instead (an hourly or daily quota): run again later. */
  maxRetryAfterMs: number;
  /** A call that has not answered in this long is abandoned and retried (comtradeapicall waits 120 s). */
  timeoutMs: number;
}

export const defaultTiming: ClientTiming = {
  now: () => performance.now(),
  wallClock: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  maxAttempts: 5,
  backoffBaseMs: 2_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
  timeoutMs: 120_000,
};

export interface ClientOptions {
  base: string;
  key: string | undefined;
  callsPerMinute: number;
  timing?: Partial<ClientTiming>;
  /** Told about every wait before a retry, for the progress display. */
  onRetry?: (event: { path: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface ComtradeResponse {
  /** The body exactly as received. */
  body: string;
  envelope: ComtradeEnvelope;
}

export interface ComtradeClient {
  /** GETs `path` (relative to the base, as callPath writes it) and returns its envelope, or throws a FetchError. */
  get(path: string): Promise<ComtradeResponse>;
}

/** A failure worth another attempt, and how long the API asked to wait (ms), if it said. */
class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The API's own words from an error body: Azure API Management's `{statusCode, message}`, or text. */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      for (const key of ['message', 'error', 'errorMessage']) {
        const said = record[key];
        if (typeof said === 'string' && said !== '') return said;
      }
    }
  } catch {
    // not JSON: the text itself, shortened
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The envelope, or why the body is not one (a body cut short does not parse). */
function readEnvelope(body: string): ComtradeEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new Transient(`the body is not complete JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Transient('the body is not a Comtrade envelope ({elapsedTime, count, data, error})');
  }
  const envelope = parsed as Record<string, unknown>;
  const error = envelope.error;
  if (error !== undefined && error !== null && error !== '' && error !== false) {
    const said = typeof error === 'string' ? error : JSON.stringify(error);
    throw new FetchError('api-error', '', `the API answered with an error instead of data: "${said}"`);
  }
  if (!Array.isArray(envelope.data)) throw new Transient('the envelope has no "data" array');
  return { ...envelope, data: envelope.data };
}

export function createComtradeClient(options: ClientOptions): ComtradeClient {
  const timing: ClientTiming = { ...defaultTiming, ...options.timing };
  const interval = 60_000 / options.callsPerMinute;
  let nextCallAt = -Infinity;

  /** Waits until the rate limit allows the next call, and books the slot after it. */
  async function takeTurn(): Promise<void> {
    const wait = nextCallAt - timing.now();
    if (wait > 0) await timing.sleep(wait);
    nextCallAt = timing.now() + interval;
  }

  async function attempt(path: string): Promise<ComtradeResponse> {
    await takeTurn();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.key !== undefined) headers['Ocp-Apim-Subscription-Key'] = options.key;
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${options.base}/${path}`, { headers, signal: AbortSignal.timeout(timing.timeoutMs) });
      // A connection closed before the promised length arrives rejects here ("terminated").
      body = await response.text();
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new Transient(`network error (${error instanceof Error ? error.message : String(error)}${cause})`);
    }
    const status = response.status;
    if (status === 401) {
      throw new FetchError(
        'unauthorized',
        path,
        `401 Unauthorized: the API refused the subscription key (COMTRADE_API_KEY or --key). Check the key at ` +
          `https://comtradedeveloper.un.org, or unset COMTRADE_API_KEY to use the public preview API (500 records ` +
          `a call). The API said: ${describeBody(body)}`,
      );
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), timing.wallClock());
    if (status === 429 || (status === 403 && retryAfterMs !== undefined)) {
      throw new Transient(`${status} ${response.statusText || 'Too Many Requests'}`, retryAfterMs);
    }
    if (status >= 500) throw new Transient(`${status} ${response.statusText}: ${describeBody(body)}`);
    if (status !== 200) {
      const hint = status === 403 ? ' (the key may not give access to this endpoint, or its quota is used up)' : '';
      throw new FetchError('refused', path, `${status} ${response.statusText}${hint}: ${describeBody(body)}`);
    }
    return { body, envelope: readEnvelope(body) };
  }

  return {
    async get(path) {
      for (let tries = 1; ; tries += 1) {
        try {
          return await attempt(path);
        } catch (error) {
          if (error instanceof FetchError) {
            throw error.call === '' ? new FetchError(error.failure, path, error.message) : error;
          }
          if (!(error instanceof Transient)) throw error;
          if (tries >= timing.maxAttempts) {
            throw new FetchError('gave-up', path, `gave up after ${tries} attempts; the last: ${error.message}`);
          }
          const backoff = Math.min(timing.backoffCapMs, timing.backoffBaseMs * 2 ** (tries - 1));
          if (error.retryAfterMs !== undefined && error.retryAfterMs > timing.maxRetryAfterMs) {
            throw new FetchError(
              'wait-too-long',
              path,
              `${error.message}: the API asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s (a quota, most ` +
                `likely); run the same command again later: what was fetched so far is cached`,
            );
          }
          const waitMs = Math.max(backoff, error.retryAfterMs ?? 0);
          options.onRetry?.({ path, attempt: tries, waitMs, reason: error.message });
          await timing.sleep(waitMs);
        }
      }
    },
  };
}

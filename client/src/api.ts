/**
 * The only module that calls fetch. Every request is a GET on the same origin; an answer that is not 2xx becomes an
 * ApiError carrying the server's `{ error: { code, message, parameter } }`, so the page can say what went wrong.
 */
import type {
  ApiErrorBody,
  CapResponse,
  ClaimsResponse,
  CommoditiesResponse,
  EventsResponse,
  Headline,
  SeriesResponse,
  ShipmentsResponse,
} from './api-types.ts';
import { toQueryString } from './state.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network-error', 'The Tradeflow server could not be reached. Is it still running?');
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    if (isErrorBody(body))
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.parameter);
    throw new ApiError(
      response.status,
      'http-error',
      `The server answered ${response.status} ${response.statusText} for ${path}.`,
    );
  }
  if (body === undefined)
    throw new ApiError(response.status, 'bad-response', `The server's answer to ${path} was not JSON.`);
  return body as T;
}

function withQuery(path: string, pairs: [string, string | null | undefined][]): string {
  const present = pairs.filter(
    (pair): pair is [string, string] => pair[1] !== null && pair[1] !== undefined && pair[1] !== '',
  );
  return present.length === 0 ? path : `${path}?${toQueryString(present)}`;
}

/** `query` is state.seriesQuery(): the same string goes to the CSV link, so the download is what the chart shows. */
export function getSeries(query: string, signal?: AbortSignal): Promise<SeriesResponse> {
  return getJson(`/api/series?${query}`, signal);
}

export function seriesCsvUrl(query: string): string {
  return `/api/series.csv?${query}`;
}

export interface HeadlineQuery {
  commodity: string;
  reporter: string;
  month: string;
  partner: string;
  source: string;
  unit: string;
  measure: string;
}

export function getHeadline(query: HeadlineQuery, signal?: AbortSignal): Promise<Headline> {
  return getJson(
    withQuery('/api/headline', [
      ['commodity', query.commodity],
      ['reporter', query.reporter],
      ['month', query.month],
      ['partner', query.partner],
      ['source', query.source],
      ['measure', query.measure],
      ['unit', query.unit],
    ]),
    signal,
  );
}

export function getCap(year: number, signal?: AbortSignal): Promise<CapResponse> {
  return getJson(withQuery('/api/cap', [['year', String(year)]]), signal);
}

export function getShipments(from: string, to: string, signal?: AbortSignal): Promise<ShipmentsResponse> {
  return getJson(
    withQuery('/api/shipments', [
      ['from', from],
      ['to', to],
    ]),
    signal,
  );
}

/** Every event: the page filters by category and range itself, so a change of filter needs no request. */
export function getEvents(signal?: AbortSignal): Promise<EventsResponse> {
  return getJson('/api/events', signal);
}

export function getCommodities(signal?: AbortSignal): Promise<CommoditiesResponse> {
  return getJson('/api/commodities', signal);
}

/** Published claims about one series and month, each with Tradeflow's verdict (docs/api.md, GET /api/claims). */
export function getClaims(
  /** `month` undefined: every claim stored about the series. */
  query: { commodity: string; reporter: string; partner: string | null; month?: string },
  signal?: AbortSignal,
): Promise<ClaimsResponse> {
  return getJson(
    withQuery('/api/claims', [
      ['commodity', query.commodity],
      ['reporter', query.reporter],
      ['partner', query.partner],
      ['month', query.month],
    ]),
    signal,
  );
}

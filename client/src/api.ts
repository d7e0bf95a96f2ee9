/**
 * The only module that makes requests. Every fetch is a GET on the same origin; an answer that is not 2xx becomes an
 * ApiError carrying the server's `{ error: { code, message, parameter } }`, so the page can say what went wrong.
 * The one write, an upload, goes through XMLHttpRequest: fetch cannot report an upload's progress.
 */
import type {
  ApiErrorBody,
  CapResponse,
  ClaimsResponse,
  CommoditiesResponse,
  DatasetDetailResponse,
  DatasetRowsResponse,
  DatasetsResponse,
  EventsResponse,
  Headline,
  SeriesResponse,
  ShipmentsResponse,
  UploadResponse,
} from './api-types.ts';
import type { RowFilters } from './format-datasets.ts';
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

/** Every dataset with its provenance, coverage and number of versions (docs/api.md, GET /api/datasets). */
export function getDatasets(signal?: AbortSignal): Promise<DatasetsResponse> {
  return getJson('/api/datasets', signal);
}

function datasetPath(name: string): string {
  return `/api/datasets/${encodeURIComponent(name)}`;
}

/** One dataset and its versions, newest first, each with what changed per month. */
export function getDataset(name: string, signal?: AbortSignal): Promise<DatasetDetailResponse> {
  return getJson(datasetPath(name), signal);
}

/** A page of a dataset's stored rows, each with its file and line, filtered as the rows browser asks. */
export function getDatasetRows(
  name: string,
  filters: RowFilters,
  page: { offset: number; limit: number },
  signal?: AbortSignal,
): Promise<DatasetRowsResponse> {
  return getJson(
    withQuery(`${datasetPath(name)}/rows`, [
      ['offset', String(page.offset)],
      ['limit', String(page.limit)],
      ['from', filters.from],
      ['to', filters.to],
      ['commodity', filters.commodity],
      ['reporter', filters.reporter],
      ['partner', filters.partner],
    ]),
    signal,
  );
}

/** The original file as it was uploaded or imported (only offered when the server says it still has it). */
export function datasetFileUrl(name: string): string {
  return `${datasetPath(name)}/file`;
}

/** How an upload ended: the import's summary, or the status and the server's error (status 0: no answer). */
export type UploadAnswer =
  | { ok: true; status: number; body: UploadResponse }
  | { ok: false; status: number; error: (Record<string, unknown> & { code?: string; message?: string }) | undefined };

export interface UploadCallbacks {
  /** Bytes of the request sent so far; `total` is 0 when the browser cannot tell. */
  progress: (loaded: number, total: number) => void;
  /** The last byte is sent: the server is importing. */
  sent: () => void;
}

/**
 * `POST /api/datasets` with the form (field `file`, optional `name`, `source`) and the admin token. Resolves with
 * every answer, refusals included, so the page can say what each means; it never rejects.
 */
export function uploadDataset(form: FormData, token: string, callbacks: UploadCallbacks): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/datasets');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) =>
      callbacks.progress(event.loaded, event.lengthComputable ? event.total : 0),
    );
    xhr.upload.addEventListener('load', () => callbacks.sent());
    xhr.addEventListener('load', () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && typeof body === 'object' && body !== null && 'summary' in body)
        resolve({ ok: true, status: xhr.status, body: body as UploadResponse });
      else
        resolve({
          ok: false,
          status: xhr.status,
          error: isErrorBody(body) ? (body.error as Record<string, unknown> & { message: string }) : undefined,
        });
    });
    xhr.addEventListener('error', () => resolve({ ok: false, status: 0, error: undefined }));
    xhr.addEventListener('abort', () => resolve({ ok: false, status: 0, error: undefined }));
    xhr.send(form);
  });
}

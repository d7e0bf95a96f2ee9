/**
 * Pure formatting for the datasets and upload pages (issue 14): hashes, sizes, coverage, import times, problems,
 * what an upload's answer means to the person who sent it, and the datasets page's view read from and written to
 * its address. Table tests: tests/unit/client-format-datasets.test.ts.
 */
import type { DatasetColumn, DatasetCoverage, Problem, UploadResponse } from './api-types.ts';
import { formatMonth } from './format.ts';

/** The first characters of a SHA-256, enough to tell files apart on screen; the page keeps the whole one beside it. */
export function shortSha(sha256: string, length = 12): string {
  return sha256.length <= length ? sha256 : `${sha256.slice(0, length)}…`;
}

/** "1 row", "2,345 rows". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

const byteUnits = ['KiB', 'MiB', 'GiB'];

/** "812 B", "1.5 KiB", "200 MiB": binary units, as the upload limit (TRADEFLOW_UPLOAD_MAX_BYTES) is counted. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = '';
  for (const next of byteUnits) {
    value /= 1024;
    unit = next;
    if (value < 1024) break;
  }
  // One decimal below 100 even when whole, so a growing count does not jump from "1 MiB" to "1.0 MiB".
  const digits = value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * The upload's progress: a whole percent (never 100 before the last byte is sent) and the line beside the bar.
 * `total` is 0 when the browser cannot tell the request's size: then there is no percent, only the bytes sent.
 */
export function uploadProgress(loaded: number, total: number): { percent: number | null; text: string } {
  if (!(total > 0)) return { percent: null, text: `Uploading… ${formatBytes(loaded)} sent` };
  const exact = (Math.min(loaded, total) / total) * 100;
  const percent = loaded >= total ? 100 : Math.min(99, Math.floor(exact));
  return { percent, text: `Uploading… ${percent}% (${formatBytes(loaded)} of ${formatBytes(total)})` };
}

/**
 * "2 series × 96 months" and "(Jan 2010 – Dec 2017)", apart so a narrow table can break between them; a dataset
 * without monthly figures says so.
 */
export function coverageParts(coverage: DatasetCoverage | undefined): [string, string | null] {
  if (!coverage) return ['not known', null];
  if (coverage.series === 0 || coverage.months === 0) return ['no monthly figures', null];
  const text = `${count(coverage.series, 'series', 'series')} × ${count(coverage.months, 'month')}`;
  const { firstPeriod: first, lastPeriod: last } = coverage;
  if (first === null || last === null) return [text, null];
  return [text, first === last ? `(${formatMonth(first)})` : `(${formatMonth(first)} – ${formatMonth(last)})`];
}

/** "2 series × 96 months (Jan 2010 – Dec 2017)". */
export function formatCoverage(coverage: DatasetCoverage | undefined): string {
  return coverageParts(coverage)
    .filter((part) => part !== null)
    .join(' ');
}

/** "2026-12-01T16:21:33.000Z" → "1 Dec 2026, 16:21 UTC"; anything else is shown as it came. */
export function formatImportedAt(timestamp: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(timestamp);
  if (!match) return timestamp;
  const [, year, month, day, hour, minute] = match;
  return `${Number(day)} ${formatMonth(`${year}-${month}`)}, ${hour}:${minute} UTC`;
}

/**
 * `file:line:column CODE message`, as the command-line import prints it (server/import/problems.ts). A problem of
 * no one column has none: absent from the CLI's problems, `null` in an upload's JSON answer.
 */
export function formatProblem(fileName: string, problem: Omit<Problem, 'column'> & { column?: number | null }): string {
  const where = typeof problem.column === 'number' ? `${problem.line}:${problem.column}` : `${problem.line}`;
  return `${fileName}:${where} ${problem.code} ${problem.message}`;
}

/** "and 12 more" under a list that shows `shown` of `total`; null when nothing was left out. */
export function andMore(shown: number, total: number): string | null {
  const more = total - shown;
  return more > 0 ? `and ${more.toLocaleString('en-US')} more` : null;
}

/** What a successful upload did, in a sentence: stored, replaced, or already there. */
export function uploadSummaryText(summary: UploadResponse['summary']): string {
  const rows = count(summary.rowsStored, 'row');
  if (summary.status === 'unchanged')
    return `${summary.file} is already stored as dataset “${summary.dataset}” (same SHA-256): nothing changed.`;
  const replaced = summary.replaced
    ? ' It replaced the earlier version of that dataset, which is kept in its history.'
    : '';
  const skipped =
    summary.duplicatesSkipped > 0
      ? ` ${count(summary.duplicatesSkipped, 'duplicate row was', 'duplicate rows were')} skipped.`
      : '';
  return `Imported ${summary.file}: ${rows} stored as dataset “${summary.dataset}”.${replaced}${skipped}`;
}

/**
 * Why a token cannot be sent, or null: it goes in an Authorization header, which holds printable ASCII only (a
 * pasted line break or a curly quote would make the browser refuse the request before it leaves).
 */
export function tokenProblem(token: string): string | null {
  if (token === '') return 'Type the admin token: uploads need it.';
  if (!/^[\x21-\x7e]+$/.test(token))
    return 'The token can only hold letters, digits and ASCII punctuation, without spaces: check what was pasted.';
  return null;
}

export interface UploadFailure {
  title: string;
  detail: string;
  /** The field the person should look at again, if one is to blame. */
  field?: 'token' | 'file' | 'name';
}

/**
 * What a refused upload means and what to do about it, from the status and the server's error (code, message).
 * The server's message is kept where it is the better explanation (it names the limit, the parameter, the file).
 */
export function uploadFailure(
  status: number,
  error: { code?: string; message?: string; parameter?: string } | undefined,
): UploadFailure {
  const message = error?.message?.trim() ?? '';
  const said = message === '' ? '' : ` The server said: ${/[.!?]$/.test(message) ? message : `${message}.`}`;
  if (status === 0)
    return {
      title: 'The upload did not reach the server',
      detail:
        'The connection was lost before the server answered. Is the server still running? A file far over the upload limit can also be cut off this way.',
    };
  if (status === 401)
    return {
      title: 'Wrong token',
      detail:
        'The server did not accept this token. Type the token the server was started with (TRADEFLOW_ADMIN_TOKEN).',
      field: 'token',
    };
  if (status === 403 && error?.code === 'writes-disabled')
    return {
      title: 'Uploads are off on this server',
      detail: `Whoever runs it must start it with TRADEFLOW_ADMIN_TOKEN set to allow uploads.${said}`,
    };
  if (status === 403 && error?.code === 'cross-origin')
    return {
      title: 'Refused: the upload came from another site',
      detail: `The server only takes uploads sent from its own pages. Open this upload page from the server's own address and try again.${said}`,
    };
  if (status === 403 && error?.code === 'read-only-snapshot')
    return { title: 'This server serves a read-only snapshot', detail: `Nothing can be uploaded to it.${said}` };
  if (status === 413)
    return {
      title: 'The file is too large',
      detail: `The server takes files up to a set size, and nothing was imported.${said}`,
      field: 'file',
    };
  if (status === 409)
    return {
      title: 'Another import is running',
      detail:
        'The server imports one file at a time. Try again when the other import has finished; nothing was changed.',
    };
  if (status === 400) {
    const parameter = error?.parameter;
    const field = parameter === 'file' || parameter === 'name' ? parameter : undefined;
    return { title: 'The upload was not accepted', detail: message || 'The request was not understood.', field };
  }
  return {
    title: `The server answered ${status}`,
    detail: message === '' ? 'The upload failed; nothing is known to have been imported.' : message,
  };
}

/** The filters of the datasets page's rows browser; empty strings are "any". */
export interface RowFilters {
  from: string;
  to: string;
  commodity: string;
  reporter: string;
  partner: string;
}

/** The datasets page's view: no name is the list of datasets; a name is that dataset's page. */
export interface DatasetView {
  name: string | null;
  filters: RowFilters;
  offset: number;
}

export const emptyFilters: RowFilters = { from: '', to: '', commodity: '', reporter: '', partner: '' };
const filterNames = ['from', 'to', 'commodity', 'reporter', 'partner'] as const;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The view from the address (`?name=…&from=2017-01&offset=100`). A value the page cannot use (a month that is not
 * YYYY-MM, an offset that is not a whole number) is left out and named in `ignored`, never guessed at.
 */
export function parseDatasetView(search: string): { view: DatasetView; ignored: string[] } {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  const filters: RowFilters = { ...emptyFilters };
  for (const key of filterNames) {
    const value = (params.get(key) ?? '').trim();
    if ((key === 'from' || key === 'to') && value !== '' && !monthPattern.test(value)) {
      ignored.push(`${key}=${value} (a month is YYYY-MM)`);
      continue;
    }
    filters[key] = value;
  }
  const offsetText = params.get('offset') ?? '';
  let offset = 0;
  if (/^\d+$/.test(offsetText)) offset = Number(offsetText);
  else if (offsetText !== '') ignored.push(`offset=${offsetText} (a whole number)`);
  const name = (params.get('name') ?? '').trim();
  return { view: { name: name === '' ? null : name, filters, offset }, ignored };
}

/** The address's query for a view: only what differs from the defaults, in a fixed order. */
export function serializeDatasetView(view: DatasetView): string {
  const params = new URLSearchParams();
  if (view.name !== null) params.set('name', view.name);
  for (const key of filterNames) if (view.filters[key] !== '') params.set(key, view.filters[key]);
  if (view.offset > 0) params.set('offset', String(view.offset));
  return params.toString();
}

/** "Rows 101–200 of 2,345"; "No rows match these filters" when there are none. */
export function rowsRangeText(offset: number, shown: number, total: number, filtered: boolean): string {
  if (total === 0) return filtered ? 'No rows match these filters.' : 'This dataset has no rows.';
  if (shown === 0)
    return `No rows from ${(offset + 1).toLocaleString('en-US')} on: there are ${total.toLocaleString('en-US')}.`;
  const first = (offset + 1).toLocaleString('en-US');
  const last = (offset + shown).toLocaleString('en-US');
  return `Rows ${first}–${last} of ${total.toLocaleString('en-US')}`;
}

/** A column's key in the rows and its heading: "valueUsd" → "value usd" when the server gives no label. */
export function columnInfo(column: DatasetColumn): { key: string; label: string } {
  if (typeof column === 'string') return { key: column, label: humanize(column) };
  return { key: column.name, label: column.label ?? humanize(column.name) };
}

function humanize(name: string): string {
  return name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * The columns with no value in any of `rows` (a Tradeflow file leaves Comtrade's twenty fields empty): the browser
 * leaves them out of the table and names them under it, so the fields that say something fit on the screen.
 */
export function emptyColumns(keys: readonly string[], rows: readonly Record<string, unknown>[]): string[] {
  return keys.filter((key) => rows.every((row) => cellText(row[key]) === ''));
}

/**
 * A stored field as the rows browser shows it: numbers as stored (no rounding: this is where a reader checks the
 * file), and an empty cell for a field the row does not have, which is not a zero.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/**
 * A change's line as the server words it, with a figure kept whole on a narrow screen: no break between a number
 * and its unit ("700 t"), nor after the arrow. "China rice 2017-11: 672 t → 700 t" wrapped as "… → 700" / "t" reads
 * as a different figure.
 */
export function keepFiguresWhole(text: string): string {
  return text.replace(/(\d) (?=\S)/g, '$1\u00a0').replace(/→ /g, '→\u00a0');
}

/** "Version 2 · current" / "Version 1 · replaced 1 Dec 2026, 16:21 UTC". */
export function versionTitle(version: { version: number; replacedAt: string | null }): string {
  return version.replacedAt === null
    ? `Version ${version.version} · current`
    : `Version ${version.version} · replaced ${formatImportedAt(version.replacedAt)}`;
}

/** The line above a version's list of changes. */
export function changesHeading(version: { changeCount: number; first?: boolean; version: number }): string {
  if (version.first === true && version.changeCount === 0) return 'The first version: nothing before it to compare.';
  if (version.changeCount === 0) return 'No month changed from the version before.';
  const months = count(version.changeCount, 'change');
  return version.first === true || version.version === 1
    ? `${months}: every month is new in the first version.`
    : `${months} from the version before:`;
}

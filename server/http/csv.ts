/**
 * Writing CSV downloads: RFC 4180 quoting, spreadsheet formula neutralising, and streaming with back-pressure so a
 * large export is written row by row instead of being built as one string.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and tab or carriage return, which some
 * spreadsheets skip before reading one) gets a leading apostrophe, per OWASP's "CSV injection" advice. Text cells
 * only: numbers are written by `numberCell` and a negative number stays a number.
 */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : String(value);
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

/** Excel reads a CSV as the system code page unless it starts with a byte-order mark; other tools skip it. */
const utf8Bom = '\uFEFF';

/**
 * Sends `lines` (each a full CSV line) as a download. Lines are pulled from the iterable only as fast as the
 * client reads; a client that goes away stops the iteration.
 */
export async function streamCsv(res: Response, fileName: string, lines: Iterable<string>): Promise<void> {
  res.set({
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
  function* withBom(): Generator<string> {
    yield utf8Bom;
    yield* lines;
  }
  await pipeline(Readable.from(withBom(), { objectMode: false }), res).catch((error: unknown) => {
    // The client hung up mid-download: nothing to answer, and nothing is wrong on our side.
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  });
}

/** A file name from the query's parts, safe in a Content-Disposition header. */
export function csvFileName(parts: ReadonlyArray<string | null | undefined>): string {
  const name = parts
    .filter((part): part is string => part !== null && part !== undefined && part !== '')
    .map((part) => part.replace(/[^A-Za-z0-9+._-]/g, '_'))
    .join('-');
  return `${name}.csv`;
}

/**
 * JSON input (API responses such as UN Comtrade's): the file is read whole (API responses are small; a size guard
 * refuses anything larger than `maxJsonBytes`), its array of records is found, and each record becomes a row of
 * fields under a header made of the records' keys, so the rest of the importer (detectFormat → RecordReader → the
 * format's normalize) is the same for CSV and JSON.
 *
 * A JSON record has no line of its own: its 1-based position in the records array stands in for the line, and a
 * problem names the field in its message (there is no column). A syntax error is reported at its real text line.
 */
import { open, readFile } from 'node:fs/promises';
import type { TextEncoding } from './inspect-file.ts';
import type { CsvRecord } from './parse.ts';
import type { Problem } from './problems.ts';

/** Larger JSON files are refused rather than parsed into memory. */
export const maxJsonBytes = 200 * 1024 * 1024;

/** How far below the top of the document the records array is looked for (a client's envelope around the API's). */
const maxEnvelopeDepth = 3;

export type JsonObject = Record<string, unknown>;

export interface JsonDocument {
  /** The object that holds the records array (`{}` when the file is a bare array), e.g. Comtrade+'s `{count, data, error}`. */
  envelope: JsonObject;
  /** Every object on the way from the top of the document down to `envelope`, outermost first. */
  envelopes: JsonObject[];
  /** The key of the records array in `envelope` ('' for a bare array). */
  recordsKey: string;
  records: JsonObject[];
}

/** A file is read as JSON when its first character (after a BOM and blanks) opens an object or an array. */
export async function looksLikeJson(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const start = buffer
      .subarray(0, bytesRead)
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '')
      .trimStart();
    return start.startsWith('{') || start.startsWith('[');
  } finally {
    await file.close();
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column (1-based) of a character offset, for a syntax error. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * The records array: the document itself when it is an array, else the first array under one of `recordsKeys`,
 * searched breadth-first through nested objects (an API response saved inside a client's own envelope).
 */
function locateRecords(
  document: unknown,
  recordsKeys: readonly string[],
): { envelopes: JsonObject[]; recordsKey: string; records: unknown[] } | undefined {
  if (Array.isArray(document)) return { envelopes: [{}], recordsKey: '', records: document };
  let level: JsonObject[][] = isObject(document) ? [[document]] : [];
  for (let depth = 0; depth < maxEnvelopeDepth && level.length > 0; depth += 1) {
    for (const path of level) {
      const envelope = path[path.length - 1];
      for (const key of recordsKeys) {
        const records = envelope?.[key];
        if (Array.isArray(records)) return { envelopes: path, recordsKey: key, records };
      }
    }
    level = level.flatMap((path) =>
      Object.values(path[path.length - 1] ?? {})
        .filter(isObject)
        .map((child) => [...path, child]),
    );
  }
  return undefined;
}

/**
 * Reads and parses the whole file and finds its records. `recordsKeys` are the names the JSON formats give their
 * records array. Problems: FILE_TOO_LARGE, INVALID_JSON (with its text line), UNKNOWN_FORMAT (no records array),
 * NO_DATA_ROWS (an empty one), INVALID_RECORD (a record that is not an object).
 */
export async function readJsonDocument(
  path: string,
  encoding: TextEncoding,
  bytes: number,
  recordsKeys: readonly string[],
): Promise<{ document: JsonDocument; problems: [] } | { document?: undefined; problems: Problem[] }> {
  if (bytes > maxJsonBytes) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    return {
      problems: [
        {
          line: 0,
          code: 'FILE_TOO_LARGE',
          message: `JSON files are read whole, up to ${mb(maxJsonBytes)}; this one is ${mb(bytes)}`,
        },
      ],
    };
  }
  const text = new TextDecoder(encoding).decode(await readFile(path)).replace(/^\uFEFF/, '');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    const where = offset === undefined ? { line: 1, column: undefined } : positionOf(text, Number(offset));
    return { problems: [{ ...where, code: 'INVALID_JSON', message: `the file is not valid JSON: ${message}` }] };
  }
  const found = locateRecords(document, recordsKeys);
  if (!found) {
    const names = recordsKeys.map((key) => `"${key}"`).join(' or ');
    // An API's error response saved as a file says why it has no records.
    const said =
      isObject(document) && typeof document.error === 'string' && document.error !== ''
        ? `; the response says "${document.error}"`
        : '';
    return {
      problems: [
        {
          line: 0,
          code: 'UNKNOWN_FORMAT',
          message: `no records found: expected a JSON array of records, or an object with a ${names} array${said}`,
        },
      ],
    };
  }
  if (found.records.length === 0) {
    const envelope = found.envelopes[found.envelopes.length - 1];
    const said =
      typeof envelope?.error === 'string' && envelope.error !== '' ? `; the response says "${envelope.error}"` : '';
    return {
      problems: [
        {
          line: 0,
          code: 'NO_DATA_ROWS',
          message: `the ${found.recordsKey ? `"${found.recordsKey}" ` : ''}array holds no records${said}`,
        },
      ],
    };
  }
  const problems: Problem[] = [];
  found.records.forEach((record, index) => {
    if (!isObject(record)) {
      problems.push({
        line: index + 1,
        code: 'INVALID_RECORD',
        message: `record ${index + 1} is ${JSON.stringify(record)}, not an object`,
      });
    }
  });
  if (problems.length > 0) return { problems };
  const envelope = found.envelopes[found.envelopes.length - 1] ?? {};
  return {
    document: {
      envelope,
      envelopes: found.envelopes,
      recordsKey: found.recordsKey,
      records: found.records.filter(isObject),
    },
    problems: [],
  };
}

/** The records' keys, in the order first seen: the "header" the format is detected from. */
export function jsonFieldNames(document: JsonDocument): string[] {
  const names = new Set<string>();
  for (const record of document.records) for (const key of Object.keys(record)) names.add(key);
  return [...names];
}

/** A JSON value as the text a CSV cell would hold: null (and a missing key) is an empty cell. */
function toCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Records per batch: the cells of a few thousand records at a time, never of the whole document at once. */
const recordsPerBatch = 2000;

/**
 * The header (line 0: the document as a whole) and then one record per JSON record, numbered from 1, each with its
 * fields in header order: the shape the CSV reader yields, in batches as it does.
 */
export async function* readJsonRecords(document: JsonDocument): AsyncGenerator<CsvRecord[]> {
  const names = jsonFieldNames(document);
  yield [{ line: 0, fields: names }];
  for (let start = 0; start < document.records.length; start += recordsPerBatch) {
    yield document.records
      .slice(start, start + recordsPerBatch)
      .map((record, index) => ({ line: start + index + 1, fields: names.map((name) => toCell(record[name])) }));
  }
}

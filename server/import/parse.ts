/**
 * CSV parsing: csv-parse with every option spelled out here, streaming, with the line each record starts on.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import type { TextEncoding } from './inspect-file.ts';

/** The largest field or record accepted; a bigger one is an error (CSV_MAX_RECORD_SIZE), not a memory spike. */
export const maxRecordBytes = 1024 * 1024;

export const csvParseOptions = {
  bom: true, // a UTF-8 BOM is dropped, not glued onto the first header
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: [], // auto: LF, CRLF or CR
  relax_column_count: true, // ragged rows are reported by us, all of them, with their line
  relax_quotes: false, // a stray quote is an error, never silently kept
  skip_empty_lines: true,
  skip_records_with_empty_values: false,
  trim: false, // values are trimmed per field by the record reader, which knows the column
  max_record_size: maxRecordBytes,
  info: true,
  columns: false, // the header is read by detectFormat, so unknown columns can be reported
  cast: false,
} satisfies Options;

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

interface ParsedWithInfo {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** Decodes Windows-1252 on the way in; Node's TextDecoder knows it (the WHATWG encoding for "latin1"). */
function decodeStream(encoding: TextEncoding): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, decoder.decode());
    },
  });
}

export interface ReadProgress {
  bytesRead: number;
}

/**
 * Streams the file's records. `progress.bytesRead` advances as the file is read, for a progress bar.
 * csv-parse's errors (unclosed quote, oversize record…) are thrown with their code and line.
 */
export async function* readCsvRecords(
  path: string,
  encoding: TextEncoding,
  progress: ReadProgress = { bytesRead: 0 },
): AsyncGenerator<CsvRecord> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const parser = file.pipe(decodeStream(encoding)).pipe(parse(csvParseOptions));
  let previousEndLine = 0;
  let previousEmptyLines = 0;
  for await (const item of parser as AsyncIterable<ParsedWithInfo>) {
    const { record, info } = item;
    // A record may span lines (quoted newlines): it starts after the previous record and the blank lines skipped.
    const line = previousEndLine + 1 + (info.empty_lines - previousEmptyLines);
    previousEndLine = info.lines;
    previousEmptyLines = info.empty_lines;
    yield { line, fields: record };
  }
}

export interface CsvParseError {
  code: string;
  message: string;
  lines?: number;
}

export function isCsvParseError(error: unknown): error is CsvParseError {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CSV_');
}

/**
 * CSV parsing: csv-parse with every option spelled out here, streaming, with the line each record starts on.
 */
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { Parser, type Options } from 'csv-parse';
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
  // Off: `info: true` copies the whole info object twice for every record (a third of the parse time on a large
  // file). LineNumberedParser reads the two counters it needs from the parser's live `info` instead.
  info: false,
  columns: false, // the header is read by detectFormat, so unknown columns can be reported
  cast: false,
} satisfies Options;

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

/**
 * csv-parse's stream parser, emitting `{ line, fields }`. csv-parse pushes each record the moment it ends, with its
 * `info` counters (documented on the Parser) at that point: `lines` is the line the record ends on and
 * `empty_lines` counts the blank lines skipped so far. The record starts on the line after the previous record
 * ended, plus the blank lines skipped in between (a quoted field may span lines). These are the values `info: true`
 * would snapshot for the record.
 */
class LineNumberedParser extends Parser {
  private previousEndLine = 0;
  private previousEmptyLines = 0;

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) return super.push(null, encoding);
    const { lines, empty_lines: emptyLines } = this.info;
    const line = this.previousEndLine + 1 + (emptyLines - this.previousEmptyLines);
    this.previousEndLine = lines;
    this.previousEmptyLines = emptyLines;
    return super.push({ line, fields: record as string[] } satisfies CsvRecord);
  }
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

/** Every record the parser holds right now. */
function takeParsed(parser: Readable): CsvRecord[] {
  const records: CsvRecord[] = [];
  let record: unknown;
  while ((record = parser.read()) !== null) records.push(record as CsvRecord);
  return records;
}

/**
 * Streams the file's records, in batches: every record parsed so far, as soon as there is any (one batch per chunk
 * of the file, a few thousand records), so that consumers pay an `await` per batch rather than per record.
 * `progress.bytesRead` advances as the file is read, for a progress bar. csv-parse's errors (unclosed quote,
 * oversize record…) are thrown with their code and line.
 */
export async function* readCsvRecords(
  path: string,
  encoding: TextEncoding,
  progress: ReadProgress = { bytesRead: 0 },
): AsyncGenerator<CsvRecord[]> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  // csv-parse reads bytes and decodes UTF-8 itself. inspectFile only says 'utf-8' for a file that is valid UTF-8
  // throughout, so its bytes go straight in; only Windows-1252 text is decoded first.
  const source: Readable = encoding === 'utf-8' ? file : file.pipe(decodeStream(encoding));
  const parser = source.pipe(new LineNumberedParser(csvParseOptions));
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  parser.on('readable', notify);
  parser.on('end', () => {
    ended = true;
    notify();
  });
  for (const stream of new Set([file, source, parser])) {
    stream.on('error', (error: Error) => {
      failure ??= error;
      notify();
    });
  }
  try {
    for (;;) {
      const batch = takeParsed(parser);
      if (batch.length > 0) {
        yield batch;
        continue; // read again before waiting: more may have arrived while the consumer worked
      }
      if (failure !== undefined) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Stopped early (a problem, or the caller is done): release the file.
    for (const stream of [file, source, parser]) stream.destroy();
  }
}

/**
 * The first record (the header), and the records after it: the rest of the first batch, then the later batches.
 * Ending the rest early (`return`) ends `batches` too, so the file is released.
 */
export async function takeFirstRecord(
  batches: AsyncIterator<CsvRecord[]>,
): Promise<{ first: CsvRecord | undefined; rest: AsyncGenerator<CsvRecord[]> }> {
  let next = await batches.next();
  while (!next.done && next.value.length === 0) next = await batches.next();
  const [first, ...others] = next.done ? [] : next.value;
  async function* rest(): AsyncGenerator<CsvRecord[]> {
    if (others.length > 0) yield others;
    yield* { [Symbol.asyncIterator]: () => batches };
  }
  return { first, rest: rest() };
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

/**
 * Records → normalized rows, in batches. The same code runs in the importing thread (small files, JSON) or in a
 * worker thread (large CSV files, see csv-worker.ts), so the two paths cannot disagree about a row.
 */
import type { Header } from './detect-format.ts';
import type { AnyFormat } from './formats/format.ts';
import { hash53Parts } from '../hash.ts';
import { appendRowValues, type SqlValue } from '../queries/bulk-insert.ts';
import type { CsvRecord, ReadProgress } from './parse.ts';
import type { Problem } from './problems.ts';
import { RecordReader, type ImportContext } from './record-reader.ts';

export interface NormalizedRow {
  line: number;
  row: unknown;
  /** The format's unique key for the row. */
  key: string;
  /** Hash of the raw cells: the same key with the same cells is an exact repeat (skipped), else a conflict. */
  fingerprint: number;
}

/**
 * A batch of records, normalized. Rows travel as flat arrays of plain values rather than as objects: from the worker
 * thread they are structured-cloned, and the writer binds them to its INSERT as they are.
 */
export interface NormalizedBatch {
  /** The good rows' values, one row after another, as appendRowValues lays them out for the format's table. */
  values: SqlValue[];
  /** The good rows' line, key and fingerprint, one row after another (KeyLog.record). */
  keys: (string | number)[];
  /** How many good rows `values` and `keys` hold. */
  rowCount: number;
  problems: Problem[];
  rowsRead: number;
  bytesRead: number;
}

/**
 * Records per batch (and per message from the worker). Measured on the million-row file: 2,000 peaked at 216-230 MiB
 * resident, 500 at 179-182 MiB in the same time, 250 at 182-188 MiB and a second slower (more messages).
 */
export const rowsPerBatch = 500;

/** Ragged-row check, then the format's own normalize; problems go to the list, a good row comes back. */
export function normalizeRecord(
  format: AnyFormat,
  header: Header,
  record: CsvRecord,
  context: ImportContext,
  problems: Problem[],
): NormalizedRow | undefined {
  const { line, fields } = record;
  const width = header.names.length;
  let cells = fields;
  // Spreadsheet and Comtrade exports end every data row with a comma: one extra, empty field is not data.
  if (cells.length === width + 1 && cells[width]?.trim() === '') cells = cells.slice(0, width);
  if (cells.length !== width) {
    problems.push({
      line,
      column: Math.min(cells.length, width) + 1,
      code: 'RAGGED_ROW',
      message: `${cells.length} fields, but the header has ${width}`,
    });
    return undefined;
  }
  const reader = new RecordReader(line, cells, header.columns, context);
  const row: unknown = format.normalize(reader);
  if (!reader.ok) {
    problems.push(...reader.problems);
    return undefined;
  }
  return { line, row, key: format.keyOf(row), fingerprint: hash53Parts(cells, '\u001f') };
}

/** Normalizes a batch of data records (at most `rowsPerBatch` of them) in this thread. */
export function normalizeBatch(
  records: readonly CsvRecord[],
  format: AnyFormat,
  header: Header,
  context: ImportContext,
  bytesRead: number,
): NormalizedBatch {
  const batch: NormalizedBatch = {
    values: [],
    keys: [],
    rowCount: 0,
    problems: [],
    rowsRead: records.length,
    bytesRead,
  };
  for (const record of records) {
    const normalized = normalizeRecord(format, header, record, context, batch.problems);
    if (!normalized) continue;
    appendRowValues(format.table, normalized.row, normalized.line, batch.values);
    batch.keys.push(normalized.line, normalized.key, normalized.fingerprint);
    batch.rowCount += 1;
  }
  return batch;
}

/** Records regrouped into batches of `rowsPerBatch` (the last one smaller). */
export async function* rebatchRecords(records: AsyncIterable<readonly CsvRecord[]>): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  for await (const chunk of records) {
    for (const record of chunk) {
      batch.push(record);
      if (batch.length === rowsPerBatch) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Normalizes the data records (the header already read) in this thread, `rowsPerBatch` records at a time. */
export async function* normalizeRecords(
  records: AsyncIterable<readonly CsvRecord[]>,
  format: AnyFormat,
  header: Header,
  context: ImportContext,
  progress: ReadProgress,
): AsyncGenerator<NormalizedBatch> {
  for await (const batch of rebatchRecords(records)) {
    yield normalizeBatch(batch, format, header, context, progress.bytesRead);
  }
}

/**
 * Records → normalized rows, in batches. The same code runs in the importing thread (small files, JSON) or in a
 * worker thread (large CSV files, see csv-worker.ts), so the two paths cannot disagree about a row.
 */
import type { Header } from './detect-format.ts';
import type { AnyFormat } from './formats/format.ts';
import { hash53 } from '../hash.ts';
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

export interface NormalizedBatch {
  rows: NormalizedRow[];
  problems: Problem[];
  rowsRead: number;
  bytesRead: number;
}

export const rowsPerBatch = 2000;

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
    problems.push({ line, column: Math.min(cells.length, width) + 1, code: 'RAGGED_ROW', message: `${cells.length} fields, but the header has ${width}` });
    return undefined;
  }
  const reader = new RecordReader(line, cells, header.columns, context);
  const row: unknown = format.normalize(reader);
  problems.push(...reader.problems);
  if (!reader.ok) return undefined;
  return { line, row, key: format.keyOf(row), fingerprint: hash53(cells.join('\u001f')) };
}

/** Normalizes the data records (the header already read) in this thread, a batch at a time. */
export async function* normalizeRecords(
  records: AsyncIterator<CsvRecord>,
  format: AnyFormat,
  header: Header,
  context: ImportContext,
  progress: ReadProgress,
): AsyncGenerator<NormalizedBatch> {
  let batch: NormalizedBatch = { rows: [], problems: [], rowsRead: 0, bytesRead: 0 };
  for (let next = await records.next(); !next.done; next = await records.next()) {
    batch.rowsRead += 1;
    const row = normalizeRecord(format, header, next.value, context, batch.problems);
    if (row) batch.rows.push(row);
    if (batch.rowsRead === rowsPerBatch) {
      batch.bytesRead = progress.bytesRead;
      yield batch;
      batch = { rows: [], problems: [], rowsRead: 0, bytesRead: 0 };
    }
  }
  batch.bytesRead = progress.bytesRead;
  if (batch.rowsRead > 0) yield batch;
}

import type { TableSpec } from '../../queries/bulk-insert.ts';
import type { JsonDocument } from '../json-source.ts';
import type { ImportContext, RecordReader } from '../record-reader.ts';

export interface ColumnSpec {
  name: string;
  required: boolean;
}

/**
 * One input format: how to recognise it from its header, how to turn a record into a typed row (pure), the key
 * that must be unique inside a file, and where the row is stored.
 */
export interface FormatDefinition<Row> {
  name: string;
  description: string;
  columns: readonly ColumnSpec[];
  /** Columns to accept and ignore (e.g. Comtrade's descriptive text columns); unknown ones are errors otherwise. */
  acceptsUnknownColumns?: boolean;
  /** How the file is read: 'csv' (the default) or 'json' (server/import/json-source.ts). */
  input?: 'csv' | 'json';
  /** JSON formats: the name of the array that holds the records in an API response ("data", "dataset"). */
  jsonRecordsKey?: string;
  /** JSON formats: facts about the whole document that normalize needs, read once before the first record. */
  readJsonTraits?(document: JsonDocument): Partial<ImportContext>;
  normalize(record: RecordReader): Row | undefined;
  keyOf(row: Row): string;
  /** Where rows are stored, and which columns this format fills. */
  table: TableSpec<Row>;
}

// The format registry is heterogeneous; the row type is only known inside each definition.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFormat = FormatDefinition<any>;

export { statuses, type Status } from '../../vocabulary.ts';
import { statuses, type Status } from '../../vocabulary.ts';

/**
 * A status as the format rules say: derived from the value when the cell is empty; a row without a value must say
 * `not-reported`, and a `not-reported` row must not carry a value (a gap is never a zero).
 */
export function readStatus(record: RecordReader, value: number | undefined, valueColumn: string): Status | undefined {
  const given = record.oneOf('status', statuses, false);
  if (record.text('status') !== undefined && given === undefined) return undefined;
  if (given === undefined) {
    if (value === undefined) {
      if (record.text(valueColumn) === undefined)
        record.report(valueColumn, 'MISSING_VALUE', 'no value: give one, or status not-reported');
      return undefined;
    }
    return value === 0 ? 'reported-zero' : 'reported';
  }
  if (given === 'not-reported' && value !== undefined) {
    record.report('status', 'STATUS_CONFLICT', `not-reported, but ${valueColumn} is ${value}`);
    return undefined;
  }
  if (given !== 'not-reported' && value === undefined) {
    if (record.text(valueColumn) === undefined)
      record.report(valueColumn, 'MISSING_VALUE', `status is ${given} but there is no value`);
    return undefined;
  }
  if (given === 'reported-zero' && value !== 0) {
    record.report('status', 'STATUS_CONFLICT', `reported-zero, but ${valueColumn} is ${value}`);
    return undefined;
  }
  return given;
}

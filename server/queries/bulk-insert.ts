/**
 * How the importer writes rows fast: multi-row INSERTs, and the flat row layout normalizers produce (in a worker
 * thread for large files) so rows travel as arrays of plain values.
 */
import type { Db } from '../db/connection.ts';

export type SqlValue = string | number | null;

/** Most bound parameters per INSERT: enough rows per statement that stepping and binding overhead is amortized. */
const maxParametersPerInsert = 4000;

export interface BulkInsert {
  /** Rows as one flat array, `columns.length` values per row. */
  add(values: readonly SqlValue[] | readonly (string | number)[]): void;
  /** Writes the rows still buffered. */
  flush(): void;
}

/**
 * Multi-row INSERTs into `target`: with a million rows, per-statement overhead (binding, stepping) dominates, and
 * many rows per statement cut it. `constants` go into every row as named parameters (the dataset id), so the
 * values arrays carry only what differs per row. Table and column names are constants of this module.
 */
export function createBulkInsert(
  db: Db,
  target: string,
  columns: readonly string[],
  constants: Readonly<Record<string, number>> = {},
): BulkInsert {
  const constantNames = Object.keys(constants);
  const names = [...constantNames, ...columns].join(', ');
  const placeholders = `(${[...constantNames.map((name) => `@${name}`), ...columns.map(() => '?')].join(', ')})`;
  const width = columns.length;
  const rowsPerStatement = Math.max(1, Math.floor(maxParametersPerInsert / width));
  const statementWidth = rowsPerStatement * width;
  const insertMany = db.prepare(
    `INSERT INTO ${target} (${names}) VALUES ${Array(rowsPerStatement).fill(placeholders).join(', ')}`,
  );
  const insertOne = db.prepare(`INSERT INTO ${target} (${names}) VALUES ${placeholders}`);
  const named = constantNames.length > 0 ? [constants] : [];
  // Values that do not fill a whole statement wait here for the next call.
  let pending: (string | number | null)[] = [];
  return {
    add(values) {
      let offset = 0;
      if (pending.length > 0) {
        const take = Math.min(statementWidth - pending.length, values.length);
        for (; offset < take; offset += 1) pending.push(values[offset] ?? null);
        if (pending.length < statementWidth) return;
        insertMany.run(pending, ...named);
        pending = [];
      }
      for (; offset + statementWidth <= values.length; offset += statementWidth) {
        insertMany.run(values.slice(offset, offset + statementWidth), ...named);
      }
      for (; offset < values.length; offset += 1) pending.push(values[offset] ?? null);
    },
    flush() {
      for (let offset = 0; offset < pending.length; offset += width)
        insertOne.run(pending.slice(offset, offset + width), ...named);
      pending = [];
    },
  };
}

/** A stored column and how its value is read from a normalized row. */
export type StoredColumn<Row> = readonly [column: string, value: (row: Row) => SqlValue];

/**
 * A table the importer fills: its name and the columns a format's rows set. Every row also gets `dataset_id` and
 * `line`; a column not listed keeps its default (NULL), so a format lists only what it fills.
 */
export interface TableSpec<Row> {
  readonly name: string;
  readonly columns: ReadonlyArray<StoredColumn<Row>>;
}

/**
 * Appends one row's values in the order RowWriter.write expects: its line, then `table.columns`. Formats'
 * normalizers call this (in a worker thread for large files), so rows travel as flat arrays of values.
 */
export function appendRowValues<Row>(table: TableSpec<Row>, row: Row, line: number, out: SqlValue[]): void {
  out.push(line);
  for (const [, value] of table.columns) out.push(value(row));
}

/** Stores normalized rows, buffering them into multi-row INSERTs; `flush` writes what is left in the buffer. */
export interface RowWriter {
  /** The table rows go to (for suspendIndexes). */
  readonly table: string;
  /** Rows as appendRowValues lays them out, one after another. */
  write(values: readonly SqlValue[]): void;
  flush(): void;
}

export function createRowWriter<Row>(db: Db, table: TableSpec<Row>, datasetId: number): RowWriter {
  const insert = createBulkInsert(db, table.name, ['line', ...table.columns.map(([column]) => column)], {
    dataset_id: datasetId,
  });
  return { table: table.name, write: (values) => insert.add(values), flush: () => insert.flush() };
}

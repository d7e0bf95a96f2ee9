/**
 * Every write the importer makes. Statements are prepared once per import and run inside the importer's single
 * transaction (see server/import/import-file.ts).
 */
import type { Db } from '../db/connection.ts';
import { datasetColumns, type DatasetRecord } from './datasets.ts';

export function findDatasetBySha256(db: Db, sha256: string): DatasetRecord | undefined {
  return db
    .prepare<{ sha256: string }, DatasetRecord>(`SELECT ${datasetColumns} FROM datasets WHERE sha256 = @sha256`)
    .get({ sha256 });
}

export function findDatasetByName(db: Db, name: string): DatasetRecord | undefined {
  return db
    .prepare<{ name: string }, DatasetRecord>(`SELECT ${datasetColumns} FROM datasets WHERE name = @name`)
    .get({ name });
}

/** Its rows go with it (ON DELETE CASCADE). */
export function deleteDataset(db: Db, id: number): void {
  db.prepare('DELETE FROM datasets WHERE id = @id').run({ id });
}

export function insertDataset(db: Db, dataset: Omit<DatasetRecord, 'id'>): number {
  const result = db
    .prepare(
      `INSERT INTO datasets (name, file_name, sha256, format, row_count, imported_at, source_description)
       VALUES (@name, @fileName, @sha256, @format, @rowCount, @importedAt, @sourceDescription)`,
    )
    .run(dataset);
  return Number(result.lastInsertRowid);
}

export function setDatasetRowCount(db: Db, id: number, rowCount: number): void {
  db.prepare('UPDATE datasets SET row_count = @rowCount WHERE id = @id').run({ id, rowCount });
}

export type SqlValue = string | number | null;

/**
 * The keys of the rows read so far, for the duplicate check after the load: one row per good record in a temporary
 * table, appended in file order (its key is the line, so every insert lands at the end of the B-tree), then one
 * GROUP BY over it once every row is in. Memory stays flat whatever the file size (the temp database spills to
 * disk), and keys are compared as text, so two different keys are never taken for the same one.
 */
export interface KeyLog {
  /** Good rows as flat `line, key, fingerprint` triples (NormalizedBatch.keys). */
  record(entries: readonly (string | number)[]): void;
  /**
   * Calls `onRepeat`, in line order, for every row whose key an earlier row already had, with the first row of that
   * key. `exact`: same cells too (same fingerprint), an exact repeat; else a conflict.
   */
  findRepeats(onRepeat: (repeat: { line: number; key: string; firstLine: number; exact: boolean }) => void): void;
  /** Deletes this dataset's exact repeats (found by findRepeats) from `table`; returns how many rows went. */
  deleteExactRepeats(table: string, datasetId: number): number;
  /** Drops the temporary tables, before COMMIT (a ROLLBACK drops them anyway: they are made in the transaction). */
  drop(): void;
}

export function createKeyLog(db: Db): KeyLog {
  db.exec('DROP TABLE IF EXISTS temp.import_keys');
  db.exec('DROP TABLE IF EXISTS temp.import_repeats');
  db.exec('CREATE TEMP TABLE import_keys (line INTEGER PRIMARY KEY, key TEXT NOT NULL, fingerprint INTEGER NOT NULL)');
  // The temp database has its own page cache (2 MiB by default). 8 MiB measured a lower peak RSS for a million-row
  // import than the default (195 vs 204 MiB), and as fast.
  db.pragma('temp.cache_size = -8192');
  const insert = createBulkInsert(db, 'temp.import_keys', ['line', 'key', 'fingerprint']);
  let repeatsKept = false;
  return {
    record(entries) {
      insert.add(entries);
    },
    findRepeats(onRepeat) {
      insert.flush();
      // Usually no key repeats: one GROUP BY says so, and the window query below never runs.
      const repeated = db
        .prepare<[], { found: number }>(
          'SELECT EXISTS (SELECT 1 FROM temp.import_keys GROUP BY key HAVING count(*) > 1) AS found',
        )
        .get();
      if (repeated?.found !== 1) return;
      db.exec(`CREATE TEMP TABLE import_repeats AS
        SELECT line, key, firstLine, fingerprint = firstFingerprint AS exact FROM (
          SELECT line, key, fingerprint,
            first_value(line) OVER byKey AS firstLine, first_value(fingerprint) OVER byKey AS firstFingerprint
          FROM temp.import_keys WINDOW byKey AS (PARTITION BY key ORDER BY line))
        WHERE line <> firstLine`);
      repeatsKept = true;
      const repeats = db
        .prepare<[], { line: number; key: string; firstLine: number; exact: number }>(
          'SELECT line, key, firstLine, exact FROM temp.import_repeats ORDER BY line',
        )
        .iterate();
      for (const repeat of repeats) onRepeat({ ...repeat, exact: repeat.exact === 1 });
    },
    deleteExactRepeats(table, datasetId) {
      if (!repeatsKept) return 0;
      // `table` is one of this module's TableSpec names, never input.
      return db
        .prepare(
          `DELETE FROM ${table} WHERE dataset_id = @datasetId
             AND line IN (SELECT line FROM temp.import_repeats WHERE exact)`,
        )
        .run({ datasetId }).changes;
    },
    drop() {
      db.exec('DROP TABLE IF EXISTS temp.import_keys');
      db.exec('DROP TABLE IF EXISTS temp.import_repeats');
    },
  };
}

/**
 * Drops a table's secondary indexes and returns the function that builds them again. For a large load, one sorted
 * index build after the rows are in is much cheaper than updating every index on every insert. Both run inside the
 * importer's transaction, so a failed or killed import rolls the schema back with the rows.
 */
export function suspendIndexes(db: Db, table: string): () => void {
  const indexes = db
    .prepare<{ table: string }, { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL",
    )
    .all({ table });
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  return () => {
    for (const index of indexes) db.exec(index.sql);
  };
}

/** Most bound parameters per INSERT: enough rows per statement that stepping and binding overhead is amortized. */
const maxParametersPerInsert = 4000;

interface BulkInsert {
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
function createBulkInsert(
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
  const insertMany = db.prepare(`INSERT INTO ${target} (${names}) VALUES ${Array(rowsPerStatement).fill(placeholders).join(', ')}`);
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
      for (let offset = 0; offset < pending.length; offset += width) insertOne.run(pending.slice(offset, offset + width), ...named);
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

export interface TradeFlowInsert {
  reporter: string;
  reporterCode: number | null;
  partner: string;
  partnerCode: number | null;
  direction: string;
  frequency: 'month' | 'year';
  period: string;
  hsCode: string;
  hsRevision: string | null;
  product: string | null;
  commodityGroup: string | null;
  quantity: number | null;
  quantityUnit: string | null;
  netWeightKg: number | null;
  valueUsd: number | null;
  valueFobUsd: number | null;
  valueCifUsd: number | null;
  status: string;
  isQuantityEstimated: 0 | 1;
  isWeightEstimated: 0 | 1;
  isAggregate: 0 | 1;
  source: string | null;
  note: string | null;
  /** UN Comtrade's own codes, kept as given (migration 0002; docs/comtrade.md). */
  flowCode: string | null;
  partner2: string | null;
  partner2Code: number | null;
  customsCode: string | null;
  motCode: string | null;
  mosCode: string | null;
  isReported: 0 | 1 | null;
}

/** What only UN Comtrade's files give: its own codes (migration 0002), HS revision, FOB and CIF values. */
type ComtradeOnlyField =
  | 'reporterCode'
  | 'partnerCode'
  | 'hsRevision'
  | 'valueFobUsd'
  | 'valueCifUsd'
  | 'flowCode'
  | 'partner2'
  | 'partner2Code'
  | 'customsCode'
  | 'motCode'
  | 'mosCode'
  | 'isReported';

/** A trade flow from Tradeflow's own flows format, which has none of Comtrade's codes: those columns stay NULL. */
export type TradeflowFlowInsert = Omit<TradeFlowInsert, ComtradeOnlyField>;

const tradeflowFlowColumns: ReadonlyArray<StoredColumn<TradeflowFlowInsert>> = [
  ['reporter', (r) => r.reporter],
  ['partner', (r) => r.partner],
  ['direction', (r) => r.direction],
  ['frequency', (r) => r.frequency],
  ['period', (r) => r.period],
  ['hs_code', (r) => r.hsCode],
  ['product', (r) => r.product],
  ['commodity_group', (r) => r.commodityGroup],
  ['quantity', (r) => r.quantity],
  ['quantity_unit', (r) => r.quantityUnit],
  ['net_weight_kg', (r) => r.netWeightKg],
  ['value_usd', (r) => r.valueUsd],
  ['status', (r) => r.status],
  ['is_quantity_estimated', (r) => r.isQuantityEstimated],
  ['is_weight_estimated', (r) => r.isWeightEstimated],
  ['is_aggregate', (r) => r.isAggregate],
  ['source', (r) => r.source],
  ['note', (r) => r.note],
];

/** trade_flows as Tradeflow's flows format fills it: fewer values to build, send to the writer and bind per row. */
export const tradeflowFlowsTable: TableSpec<TradeflowFlowInsert> = { name: 'trade_flows', columns: tradeflowFlowColumns };

/** trade_flows as UN Comtrade's formats fill it: every column. */
export const tradeFlowsTable: TableSpec<TradeFlowInsert> = {
  name: 'trade_flows',
  columns: [
    ...tradeflowFlowColumns,
    ['reporter_code', (r) => r.reporterCode],
    ['partner_code', (r) => r.partnerCode],
    ['hs_revision', (r) => r.hsRevision],
    ['value_fob_usd', (r) => r.valueFobUsd],
    ['value_cif_usd', (r) => r.valueCifUsd],
    ['flow_code', (r) => r.flowCode],
    ['partner2', (r) => r.partner2],
    ['partner2_code', (r) => r.partner2Code],
    ['customs_code', (r) => r.customsCode],
    ['mot_code', (r) => r.motCode],
    ['mos_code', (r) => r.mosCode],
    ['is_reported', (r) => r.isReported],
  ],
};

export interface Un1718ReportInsert {
  reporter: string;
  period: string;
  value: number | null;
  unit: 'bbl' | 't';
  status: string;
  source: string;
  note: string | null;
}

export const un1718ReportsTable: TableSpec<Un1718ReportInsert> = {
  name: 'un1718_reports',
  columns: [
    ['reporter', (r) => r.reporter],
    ['period', (r) => r.period],
    ['value', (r) => r.value],
    ['unit', (r) => r.unit],
    ['status', (r) => r.status],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ],
};

export interface ShipmentInsert {
  date: string;
  vessel: string;
  imo: string | null;
  origin: string;
  destination: string;
  loadPort: string | null;
  dischargePort: string | null;
  commodity: string;
  quantity: number | null;
  unit: string | null;
  status: 'reported' | 'estimated';
  source: string;
  note: string | null;
}

export const shipmentsTable: TableSpec<ShipmentInsert> = {
  name: 'shipments',
  columns: [
    ['date', (r) => r.date],
    ['vessel', (r) => r.vessel],
    ['imo', (r) => r.imo],
    ['origin', (r) => r.origin],
    ['destination', (r) => r.destination],
    ['load_port', (r) => r.loadPort],
    ['discharge_port', (r) => r.dischargePort],
    ['commodity', (r) => r.commodity],
    ['quantity', (r) => r.quantity],
    ['unit', (r) => r.unit],
    ['status', (r) => r.status],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ],
};

export interface EventInsert {
  date: string;
  category: string;
  title: string;
  source: string | null;
  note: string | null;
}

export const eventsTable: TableSpec<EventInsert> = {
  name: 'events',
  columns: [
    ['date', (r) => r.date],
    ['category', (r) => r.category],
    ['title', (r) => r.title],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ],
};

export interface ConversionFactorInsert {
  commodity: string;
  reporter: string;
  barrelsPerTonne: number;
  source: string;
  note: string | null;
}

export const conversionFactorsTable: TableSpec<ConversionFactorInsert> = {
  name: 'conversion_factors',
  columns: [
    ['commodity', (r) => r.commodity],
    ['reporter', (r) => r.reporter],
    ['barrels_per_tonne', (r) => r.barrelsPerTonne],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ],
};

/** Commodity group and product keys, for validating references in imported rows. */
export function listCommodityKeys(db: Db): { groups: Map<string, string>; products: Map<string, string> } {
  const groups = db
    .prepare<[], { key: string; hsPrefix: string }>('SELECT key, hs_prefix AS hsPrefix FROM commodity_groups')
    .all();
  const products = db
    .prepare<[], { key: string; groupKey: string }>('SELECT key, group_key AS groupKey FROM products')
    .all();
  return {
    groups: new Map(groups.map((g) => [g.key, g.hsPrefix])),
    products: new Map(products.map((p) => [p.key, p.groupKey])),
  };
}

/**
 * Every write the importer makes. Statements are prepared once per import and run inside the importer's single
 * transaction (see server/import/import-file.ts).
 */
import type { Db } from '../db/connection.ts';
import { hash53 } from '../hash.ts';
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

/**
 * Keys seen in the file being imported, kept on disk (a temp table) rather than in a JS Set, so memory stays flat
 * whatever the file size. Keys are two independent 53-bit hashes of the key text (so the table is an integer
 * B-tree, cheap to insert into); two different keys would have to collide in both to be taken for the same, and even
 * then the outcome is a loud DUPLICATE_KEY naming both lines, never a silently lost row. Returns a function that
 * records a key and reports the earlier line and row fingerprint when the key was already seen.
 */
export function createKeyTracker(
  db: Db,
): (key: string, line: number, fingerprint: number) => { line: number; fingerprint: number } | undefined {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_keys (
    key_hash INTEGER PRIMARY KEY, key_check INTEGER NOT NULL, line INTEGER NOT NULL, fingerprint INTEGER NOT NULL)`);
  db.exec('DELETE FROM temp.import_keys');
  // The temp database has its own page cache (2 MiB by default); the key B-tree of a large file needs more.
  db.pragma('temp.cache_size = -8192');
  const insert = db.prepare(
    'INSERT INTO temp.import_keys (key_hash, key_check, line, fingerprint) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const find = db.prepare<[number], { keyCheck: number; line: number; fingerprint: number }>(
    'SELECT key_check AS keyCheck, line, fingerprint FROM temp.import_keys WHERE key_hash = ?',
  );
  // The rare key whose first hash collides with another key's lands here (checked by its second hash).
  const collisions = new Map<string, { line: number; fingerprint: number }>();
  return (key, line, fingerprint) => {
    const keyHash = hash53(key);
    const keyCheck = hash53(key, 0x9e3779b9);
    if (insert.run(keyHash, keyCheck, line, fingerprint).changes === 1) return undefined;
    const earlier = find.get(keyHash);
    if (earlier && earlier.keyCheck === keyCheck) return { line: earlier.line, fingerprint: earlier.fingerprint };
    const seen = collisions.get(key);
    if (seen) return seen;
    collisions.set(key, { line, fingerprint });
    return undefined;
  };
}

type SqlValue = string | number | null;

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

/** Stores normalized rows, buffering them into multi-row INSERTs; `flush` writes what is left in the buffer. */
export interface RowWriter<Row> {
  /** The table rows go to (for suspendIndexes). */
  readonly table: string;
  write(row: Row, datasetId: number, line: number): void;
  flush(): void;
}

/**
 * A writer that inserts many rows per statement: with a million rows, per-statement overhead (binding, stepping)
 * dominates, and batching roughly halves it (scripts/bench). Table and column names are constants of this module.
 */
function createBatchedWriter<Row>(
  db: Db,
  table: string,
  columns: ReadonlyArray<readonly [column: string, value: (row: Row) => SqlValue]>,
): RowWriter<Row> {
  const names = ['dataset_id', 'line', ...columns.map(([name]) => name)];
  const placeholders = `(${names.map(() => '?').join(', ')})`;
  const rowsPerStatement = Math.max(1, Math.min(64, Math.floor(32000 / names.length)));
  const insertMany = db.prepare(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array(rowsPerStatement).fill(placeholders).join(', ')}`,
  );
  const insertOne = db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${placeholders}`);
  let buffer: SqlValue[] = [];
  let buffered = 0;
  return {
    table,
    write(row, datasetId, line) {
      buffer.push(datasetId, line);
      for (const [, value] of columns) buffer.push(value(row));
      buffered += 1;
      if (buffered === rowsPerStatement) {
        insertMany.run(buffer);
        buffer = [];
        buffered = 0;
      }
    },
    flush() {
      for (let offset = 0; offset < buffer.length; offset += names.length) {
        insertOne.run(buffer.slice(offset, offset + names.length));
      }
      buffer = [];
      buffered = 0;
    },
  };
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
  /** UN Comtrade's own codes, kept as given (migration 0002; docs/comtrade.md). Absent for Tradeflow's formats. */
  flowCode?: string | null;
  partner2?: string | null;
  partner2Code?: number | null;
  customsCode?: string | null;
  motCode?: string | null;
  mosCode?: string | null;
  isReported?: 0 | 1 | null;
}


export function createTradeFlowWriter(db: Db): RowWriter<TradeFlowInsert> {
  return createBatchedWriter<TradeFlowInsert>(db, 'trade_flows', [
    ['reporter', (r) => r.reporter],
    ['reporter_code', (r) => r.reporterCode],
    ['partner', (r) => r.partner],
    ['partner_code', (r) => r.partnerCode],
    ['direction', (r) => r.direction],
    ['frequency', (r) => r.frequency],
    ['period', (r) => r.period],
    ['hs_code', (r) => r.hsCode],
    ['hs_revision', (r) => r.hsRevision],
    ['product', (r) => r.product],
    ['commodity_group', (r) => r.commodityGroup],
    ['quantity', (r) => r.quantity],
    ['quantity_unit', (r) => r.quantityUnit],
    ['net_weight_kg', (r) => r.netWeightKg],
    ['value_usd', (r) => r.valueUsd],
    ['value_fob_usd', (r) => r.valueFobUsd],
    ['value_cif_usd', (r) => r.valueCifUsd],
    ['status', (r) => r.status],
    ['is_quantity_estimated', (r) => r.isQuantityEstimated],
    ['is_weight_estimated', (r) => r.isWeightEstimated],
    ['is_aggregate', (r) => r.isAggregate],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
    // UN Comtrade's own codes (migration 0002); NULL for Tradeflow's formats, which do not have them.
    ['flow_code', (r) => r.flowCode ?? null],
    ['partner2', (r) => r.partner2 ?? null],
    ['partner2_code', (r) => r.partner2Code ?? null],
    ['customs_code', (r) => r.customsCode ?? null],
    ['mot_code', (r) => r.motCode ?? null],
    ['mos_code', (r) => r.mosCode ?? null],
    ['is_reported', (r) => r.isReported ?? null],
  ]);
}

export interface Un1718ReportInsert {
  reporter: string;
  period: string;
  value: number | null;
  unit: 'bbl' | 't';
  status: string;
  source: string;
  note: string | null;
}

export function createUn1718ReportWriter(db: Db): RowWriter<Un1718ReportInsert> {
  return createBatchedWriter<Un1718ReportInsert>(db, 'un1718_reports', [
    ['reporter', (r) => r.reporter],
    ['period', (r) => r.period],
    ['value', (r) => r.value],
    ['unit', (r) => r.unit],
    ['status', (r) => r.status],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ]);
}

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

export function createShipmentWriter(db: Db): RowWriter<ShipmentInsert> {
  return createBatchedWriter<ShipmentInsert>(db, 'shipments', [
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
  ]);
}

export interface EventInsert {
  date: string;
  category: string;
  title: string;
  source: string | null;
  note: string | null;
}

export function createEventWriter(db: Db): RowWriter<EventInsert> {
  return createBatchedWriter<EventInsert>(db, 'events', [
    ['date', (r) => r.date],
    ['category', (r) => r.category],
    ['title', (r) => r.title],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ]);
}

export interface ConversionFactorInsert {
  commodity: string;
  reporter: string;
  barrelsPerTonne: number;
  source: string;
  note: string | null;
}

export function createConversionFactorWriter(db: Db): RowWriter<ConversionFactorInsert> {
  return createBatchedWriter<ConversionFactorInsert>(db, 'conversion_factors', [
    ['commodity', (r) => r.commodity],
    ['reporter', (r) => r.reporter],
    ['barrels_per_tonne', (r) => r.barrelsPerTonne],
    ['source', (r) => r.source],
    ['note', (r) => r.note],
  ]);
}

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

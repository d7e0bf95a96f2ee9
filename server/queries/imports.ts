/**
 * Every write the importer makes. Statements are prepared once per import and run inside the importer's single
 * transaction (see server/import/import-file.ts).
 */
import type { Db } from '../db/connection.ts';

export interface DatasetRecord {
  id: number;
  name: string;
  fileName: string;
  sha256: string;
  format: string;
  rowCount: number;
  importedAt: string;
  sourceDescription: string;
}

const datasetColumns = `id, name, file_name AS fileName, sha256, format, row_count AS rowCount,
  imported_at AS importedAt, source_description AS sourceDescription`;

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
 * Keys seen in the file being imported, kept on disk (temp table) rather than in a JS Set so memory stays flat
 * whatever the file size. Returns a function that records a key and reports the earlier line and fingerprint when
 * the key was already seen.
 */
export function createKeyTracker(db: Db): (key: string, line: number, fingerprint: string) => { line: number; fingerprint: string } | undefined {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_keys (
    key TEXT PRIMARY KEY, line INTEGER NOT NULL, fingerprint TEXT NOT NULL) WITHOUT ROWID`);
  db.exec('DELETE FROM temp.import_keys');
  const insert = db.prepare(
    'INSERT INTO temp.import_keys (key, line, fingerprint) VALUES (@key, @line, @fingerprint) ON CONFLICT DO NOTHING',
  );
  const find = db.prepare<{ key: string }, { line: number; fingerprint: string }>(
    'SELECT line, fingerprint FROM temp.import_keys WHERE key = @key',
  );
  return (key, line, fingerprint) => {
    if (insert.run({ key, line, fingerprint }).changes === 1) return undefined;
    return find.get({ key });
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

/** What a row without Comtrade codes stores in those columns. */
const noComtradeCodes = {
  flowCode: null,
  partner2: null,
  partner2Code: null,
  customsCode: null,
  motCode: null,
  mosCode: null,
  isReported: null,
} satisfies Required<Pick<TradeFlowInsert, 'flowCode' | 'partner2' | 'partner2Code' | 'customsCode' | 'motCode' | 'mosCode' | 'isReported'>>;

export function createTradeFlowWriter(db: Db): (row: TradeFlowInsert, datasetId: number, line: number) => void {
  const statement = db.prepare(
    `INSERT INTO trade_flows (dataset_id, line, reporter, reporter_code, partner, partner_code, direction, frequency,
       period, hs_code, hs_revision, product, commodity_group, quantity, quantity_unit, net_weight_kg, value_usd,
       value_fob_usd, value_cif_usd, status, is_quantity_estimated, is_weight_estimated, is_aggregate, source, note,
       flow_code, partner2, partner2_code, customs_code, mot_code, mos_code, is_reported)
     VALUES (@datasetId, @line, @reporter, @reporterCode, @partner, @partnerCode, @direction, @frequency, @period,
       @hsCode, @hsRevision, @product, @commodityGroup, @quantity, @quantityUnit, @netWeightKg, @valueUsd,
       @valueFobUsd, @valueCifUsd, @status, @isQuantityEstimated, @isWeightEstimated, @isAggregate, @source, @note,
       @flowCode, @partner2, @partner2Code, @customsCode, @motCode, @mosCode, @isReported)`,
  );
  return (row, datasetId, line) => statement.run({ ...noComtradeCodes, ...row, datasetId, line });
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

export function createUn1718ReportWriter(db: Db): (row: Un1718ReportInsert, datasetId: number, line: number) => void {
  const statement = db.prepare(
    `INSERT INTO un1718_reports (dataset_id, line, reporter, period, value, unit, status, source, note)
     VALUES (@datasetId, @line, @reporter, @period, @value, @unit, @status, @source, @note)`,
  );
  return (row, datasetId, line) => statement.run({ ...row, datasetId, line });
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

export function createShipmentWriter(db: Db): (row: ShipmentInsert, datasetId: number, line: number) => void {
  const statement = db.prepare(
    `INSERT INTO shipments (dataset_id, line, date, vessel, imo, origin, destination, load_port, discharge_port,
       commodity, quantity, unit, status, source, note)
     VALUES (@datasetId, @line, @date, @vessel, @imo, @origin, @destination, @loadPort, @dischargePort,
       @commodity, @quantity, @unit, @status, @source, @note)`,
  );
  return (row, datasetId, line) => statement.run({ ...row, datasetId, line });
}

export interface EventInsert {
  date: string;
  category: string;
  title: string;
  source: string | null;
  note: string | null;
}

export function createEventWriter(db: Db): (row: EventInsert, datasetId: number, line: number) => void {
  const statement = db.prepare(
    `INSERT INTO events (dataset_id, line, date, category, title, source, note)
     VALUES (@datasetId, @line, @date, @category, @title, @source, @note)`,
  );
  return (row, datasetId, line) => statement.run({ ...row, datasetId, line });
}

export interface ConversionFactorInsert {
  commodity: string;
  reporter: string;
  barrelsPerTonne: number;
  source: string;
  note: string | null;
}

export function createConversionFactorWriter(
  db: Db,
): (row: ConversionFactorInsert, datasetId: number, line: number) => void {
  const statement = db.prepare(
    `INSERT INTO conversion_factors (dataset_id, line, commodity, reporter, barrels_per_tonne, source, note)
     VALUES (@datasetId, @line, @commodity, @reporter, @barrelsPerTonne, @source, @note)`,
  );
  return (row, datasetId, line) => statement.run({ ...row, datasetId, line });
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

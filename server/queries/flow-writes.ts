/**
 * How customs flows are stored (migration 0005): the text that tells a series apart once in flow_series, source and
 * note text once in texts, and per figure one narrow flow_facts row of integers and reals.
 *
 * Normalizers (possibly in a worker thread) lay a flow out as import/rows.ts flowColumns do: the series' text as
 * one key, then the figures. The writer runs in the importing thread, inside the import's transaction: it
 * turns keys and texts into ids (made on first sight, remembered for the rest of the import) and appends facts.
 */
import type { Db } from '../db/connection.ts';
import { createBulkInsert, type RowWriter, type SqlValue } from './bulk-insert.ts';

export const flowsTableName = 'flow_facts';

/** flow_series' text columns, in the order of a series key's parts (import/rows.ts seriesKeyOf). */
export const flowSeriesColumns = [
  'reporter',
  'partner',
  'direction',
  'frequency',
  'hs_code',
  'product',
  'commodity_group',
  'quantity_unit',
  'reporter_code',
  'partner_code',
  'hs_revision',
  'flow_code',
  'partner2',
  'partner2_code',
  'customs_code',
  'mot_code',
  'mos_code',
] as const;
export type FlowSeriesColumn = (typeof flowSeriesColumns)[number];

/** A series key is its columns' values joined by the unit separator, NULL written as a NUL character. */
export const seriesKeySeparator = '\u001f';
export const seriesKeyNull = '\u0000';
const integerColumns = new Set<FlowSeriesColumn>(['reporter_code', 'partner_code', 'partner2_code']);

function seriesKeyOfStored(row: Readonly<Record<FlowSeriesColumn, SqlValue>>): string {
  return flowSeriesColumns.map((column) => row[column] ?? seriesKeyNull).join(seriesKeySeparator);
}

function seriesValuesOfKey(key: string): SqlValue[] {
  return key.split(seriesKeySeparator).map((part, i) => {
    if (part === seriesKeyNull) return null;
    return integerColumns.has(flowSeriesColumns[i] as FlowSeriesColumn) ? Number(part) : part;
  });
}

/** A period as flow_facts stores it: 2017-11 → 201711, 2017 → 2017 (the importer writes it, the series read it). */
export function toStoredPeriod(period: string): number {
  return period.length === 4 ? Number(period) : Number(period.slice(0, 4)) * 100 + Number(period.slice(5, 7));
}

/** Values per flow after its line, as import/rows.ts flowColumns lays them out. */
const valuesPerFlow = 11;

export function createFlowWriter(db: Db, datasetId: number): RowWriter {
  // Every series stored so far, by key: a few thousand rows at most, where the facts are millions.
  const seriesIds = new Map<string, number>();
  const stored = db
    .prepare<[], { id: number } & Record<FlowSeriesColumn, SqlValue>>(
      `SELECT id, ${flowSeriesColumns.join(', ')} FROM flow_series`,
    )
    .all();
  for (const row of stored) seriesIds.set(seriesKeyOfStored(row), row.id);
  const insertSeries = db.prepare(
    `INSERT INTO flow_series (${flowSeriesColumns.join(', ')}) VALUES (${flowSeriesColumns.map(() => '?').join(', ')})`,
  );
  const textIds = new Map<string, number>();
  const findText = db.prepare<[string], { id: number }>('SELECT id FROM texts WHERE text = ?');
  const insertText = db.prepare('INSERT INTO texts (text) VALUES (?)');
  const facts = createBulkInsert(
    db,
    'flow_facts',
    [
      'line',
      'series_id',
      'period',
      'quantity',
      'net_weight_kg',
      'value_usd',
      'status',
      'flags',
      'source_id',
      'note_id',
    ],
    { dataset_id: datasetId },
  );
  const extras = createBulkInsert(db, 'flow_extras', ['line', 'value_fob_usd', 'value_cif_usd'], {
    dataset_id: datasetId,
  });

  const seriesId = (key: string): number => {
    let id = seriesIds.get(key);
    if (id === undefined) {
      id = Number(insertSeries.run(...seriesValuesOfKey(key)).lastInsertRowid);
      seriesIds.set(key, id);
    }
    return id;
  };
  const textId = (text: SqlValue): number | null => {
    if (text === null) return null;
    const key = String(text);
    let id = textIds.get(key);
    if (id === undefined) {
      id = findText.get(key)?.id ?? Number(insertText.run(key).lastInsertRowid);
      textIds.set(key, id);
    }
    return id;
  };

  const row: SqlValue[] = new Array<SqlValue>(10);
  return {
    table: flowsTableName,
    write(values) {
      for (let i = 0; i < values.length; i += valuesPerFlow + 1) {
        const line = values[i] ?? null;
        row[0] = line;
        row[1] = seriesId(String(values[i + 1]));
        for (let k = 2; k <= 7; k += 1) row[k] = values[i + k] ?? null;
        row[8] = textId(values[i + 8] ?? null);
        row[9] = textId(values[i + 9] ?? null);
        facts.add(row);
        const fob = values[i + 10] ?? null;
        const cif = values[i + 11] ?? null;
        if (fob !== null || cif !== null) extras.add([line, fob, cif]);
      }
    },
    flush() {
      facts.flush();
      extras.flush();
    },
  };
}

/** Deletes a dataset's flows (flow_facts has no foreign key to cascade from datasets: see migration 0005). */
export function deleteDatasetFlows(db: Db, datasetId: number): void {
  db.prepare('DELETE FROM flow_facts WHERE dataset_id = @datasetId').run({ datasetId });
  db.prepare('DELETE FROM flow_extras WHERE dataset_id = @datasetId').run({ datasetId });
}

/**
 * After a dataset is deleted for good (DELETE /api/datasets/:name), the series and texts no other dataset uses go
 * too, so uploading and deleting files does not grow the database. Not on a replace: the importer has read the series
 * table already and reuses its ids. No foreign key keeps these (migration 0005): facts are the only referrers.
 */
export function deleteUnusedFlowSeriesAndTexts(db: Db): void {
  db.exec('DELETE FROM flow_series WHERE NOT EXISTS (SELECT 1 FROM flow_facts WHERE series_id = flow_series.id)');
  db.exec(`DELETE FROM texts WHERE id NOT IN (SELECT source_id FROM flow_facts WHERE source_id IS NOT NULL)
    AND id NOT IN (SELECT note_id FROM flow_facts WHERE note_id IS NOT NULL)`);
}

/** Deletes some lines of a dataset's flows (the exact repeats the importer found after the load). */
export function deleteFlowLines(db: Db, datasetId: number, linesSql: string): number {
  db.prepare(`DELETE FROM flow_extras WHERE dataset_id = @datasetId AND line IN (${linesSql})`).run({ datasetId });
  return db.prepare(`DELETE FROM flow_facts WHERE dataset_id = @datasetId AND line IN (${linesSql})`).run({ datasetId })
    .changes;
}

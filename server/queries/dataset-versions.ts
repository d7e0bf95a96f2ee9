/**
 * The versions of each dataset name (migration 0007): recorded by the importer in its own transaction, read by the
 * datasets endpoints. A version keeps its provenance and a per-(series, period) summary of what its file said, so a
 * replaced version can still be compared with the one after it once its rows are gone.
 */
import type { Db } from '../db/connection.ts';
import { describeSeries, describeSummary, periodText, type SeriesName } from './version-text.ts';

/** Most changes listed per version (all are counted in changeCount): a wholly new 1,000,000-row file changes them all. */
export const maxChangesPerVersion = 500;

/** What a version said about one series in one period. */
export interface PeriodSummary {
  rows: number;
  quantity: number | null;
  unit: string | null;
  valueUsd: number | null;
}

export interface VersionChange {
  series: string;
  period: string | null;
  kind: 'added' | 'removed' | 'revised';
  before: PeriodSummary | null;
  after: PeriodSummary | null;
  text: string;
}

export interface Coverage {
  series: number;
  months: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
}

export interface VersionSummary {
  version: number;
  sha256: string;
  fileName: string;
  format: string;
  rowCount: number;
  importedAt: string;
  replacedAt: string | null;
  deletedAt: string | null;
  sourceDescription: string;
  current: boolean;
  coverage: Coverage;
  /** True for a name's version 1: there is nothing before it to compare with, and `changes` is empty. */
  first: boolean;
  changes: VersionChange[];
  changeCount: number;
}

/** A dataset_versions row as read: the fields a summary shows as they are, and what coverage is made from. */
type VersionRow = Pick<
  VersionSummary,
  | 'version'
  | 'sha256'
  | 'fileName'
  | 'format'
  | 'rowCount'
  | 'importedAt'
  | 'replacedAt'
  | 'deletedAt'
  | 'sourceDescription'
> & {
  id: number;
  datasetId: number | null;
  seriesCount: number;
  periodCount: number;
  firstPeriod: number | null;
  lastPeriod: number | null;
};

const versionColumns = `id, version, dataset_id AS datasetId, sha256, file_name AS fileName, format,
  row_count AS rowCount, imported_at AS importedAt, replaced_at AS replacedAt, deleted_at AS deletedAt,
  source_description AS sourceDescription, series_count AS seriesCount, period_count AS periodCount,
  first_period AS firstPeriod, last_period AS lastPeriod`;

// ---- Writes: inside the importer's transaction (server/import/import-file.ts) or deleteDataset's.

/**
 * Records the dataset's current row as its name's next version, with its summary and coverage. Runs after the
 * rows are stored and before COMMIT, so a failed import records nothing.
 */
export function recordVersion(db: Db, datasetId: number): number {
  // datasets ids are reused after a delete (no AUTOINCREMENT). deleteDataset detaches the old version first; a row
  // deleted by other means (someone's own SQL) would leave a version pointing at the id this import now has.
  db.prepare('UPDATE dataset_versions SET dataset_id = NULL WHERE dataset_id = @datasetId').run({ datasetId });
  const result = db
    .prepare(
      `INSERT INTO dataset_versions (name, version, dataset_id, file_name, sha256, format, row_count, imported_at,
         source_description, file_path)
       SELECT d.name, coalesce((SELECT max(version) FROM dataset_versions WHERE name = d.name), 0) + 1, d.id,
         d.file_name, d.sha256, d.format, d.row_count, d.imported_at, d.source_description, d.file_path
       FROM datasets d WHERE d.id = @datasetId`,
    )
    .run({ datasetId });
  const versionId = Number(result.lastInsertRowid);
  summarizeFlows(db, versionId, datasetId);
  // The other kinds' rows are few; their summaries come from the migration's view (one definition for both).
  db.prepare(
    `INSERT OR IGNORE INTO version_series (key) SELECT key FROM version_row_summaries WHERE dataset_id = @datasetId`,
  ).run({ datasetId });
  db.prepare(
    `INSERT INTO version_months (version_id, series_id, period, rows, quantity, value_usd)
     SELECT @versionId, vs.id, r.period, r.rows, r.quantity, r.value_usd
     FROM version_row_summaries r JOIN version_series vs ON vs.key = r.key
     WHERE r.dataset_id = @datasetId`,
  ).run({ versionId, datasetId });
  db.prepare(
    `UPDATE dataset_versions SET
       series_count = (SELECT count(DISTINCT series_id) FROM version_months WHERE version_id = @versionId),
       period_count = (SELECT count(DISTINCT period) FROM version_months WHERE version_id = @versionId AND period > 0),
       first_period = (SELECT min(period) FROM version_months WHERE version_id = @versionId AND period > 0),
       last_period = (SELECT max(period) FROM version_months WHERE version_id = @versionId AND period > 0)
     WHERE id = @versionId`,
  ).run({ versionId });
  return versionId;
}

/**
 * Customs flows: the facts grouped by series id and period (one pass over the dataset's rows), each series id named
 * once by its key. A temporary map from flow_series ids to version_series ids keeps the key's JSON from being built
 * per group: a customs file has about one group per row.
 */
function summarizeFlows(db: Db, versionId: number, datasetId: number): void {
  db.exec('DROP TABLE IF EXISTS temp.version_series_map');
  db.exec('CREATE TEMP TABLE version_series_map (flow_series_id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL)');
  db.prepare(
    `INSERT OR IGNORE INTO version_series (key)
     SELECT key FROM version_flow_series_keys
     WHERE id IN (SELECT series_id FROM flow_facts WHERE dataset_id = @datasetId)`,
  ).run({ datasetId });
  db.prepare(
    `INSERT INTO temp.version_series_map (flow_series_id, series_id)
     SELECT k.id, vs.id FROM version_flow_series_keys k JOIN version_series vs ON vs.key = k.key
     WHERE k.id IN (SELECT series_id FROM flow_facts WHERE dataset_id = @datasetId)`,
  ).run({ datasetId });
  db.prepare(
    `INSERT INTO version_months (version_id, series_id, period, rows, quantity, value_usd)
     SELECT @versionId, map.series_id, m.period, m.rows, m.quantity, m.valueUsd
     FROM (SELECT series_id, period, count(*) AS rows, sum(quantity) AS quantity, sum(value_usd) AS valueUsd
           FROM flow_facts WHERE dataset_id = @datasetId GROUP BY series_id, period) m
     JOIN temp.version_series_map map ON map.flow_series_id = m.series_id
     ORDER BY map.series_id, m.period`,
  ).run({ versionId, datasetId });
  db.exec('DROP TABLE temp.version_series_map');
}

/** The version current for this datasets row is no longer: a newer one replaced it, or the dataset was deleted. */
export function retireVersion(db: Db, datasetId: number, how: 'replaced' | 'deleted', at: string): void {
  const column = how === 'replaced' ? 'replaced_at' : 'deleted_at';
  db.prepare(`UPDATE dataset_versions SET ${column} = @at, dataset_id = NULL WHERE dataset_id = @datasetId`).run({
    at,
    datasetId,
  });
}

// ---- Reads.

/** How many versions each name has had (the datasets list shows it beside each dataset). */
export function countVersionsByName(db: Db): Map<string, number> {
  const rows = db
    .prepare<[], { name: string; n: number }>('SELECT name, count(*) AS n FROM dataset_versions GROUP BY name')
    .all();
  return new Map(rows.map((row) => [row.name, row.n]));
}

/** Coverage of each current version, by datasets id. */
export function readCurrentCoverage(db: Db): Map<number, Coverage> {
  const rows = db
    .prepare<[], VersionRow>(`SELECT ${versionColumns} FROM dataset_versions WHERE dataset_id IS NOT NULL`)
    .all();
  return new Map(rows.map((row) => [row.datasetId ?? 0, coverageOf(row)]));
}

function coverageOf(row: VersionRow): Coverage {
  return {
    series: row.seriesCount,
    months: row.periodCount,
    firstPeriod: row.firstPeriod === null ? null : periodText(row.firstPeriod),
    lastPeriod: row.lastPeriod === null ? null : periodText(row.lastPeriod),
  };
}

/** Every version of a name, newest first, each with what changed from the one before; undefined if none. */
export function listVersions(db: Db, name: string): VersionSummary[] | undefined {
  const rows = db
    .prepare<{ name: string }, VersionRow>(
      `SELECT ${versionColumns} FROM dataset_versions WHERE name = @name ORDER BY version DESC`,
    )
    .all({ name });
  if (rows.length === 0) return undefined;
  return rows.map((row, i) => {
    const previous = rows[i + 1];
    const diff = previous === undefined ? { changes: [], changeCount: 0 } : diffVersions(db, previous.id, row.id);
    return {
      version: row.version,
      sha256: row.sha256,
      fileName: row.fileName,
      format: row.format,
      rowCount: row.rowCount,
      importedAt: row.importedAt,
      replacedAt: row.replacedAt,
      deletedAt: row.deletedAt,
      sourceDescription: row.sourceDescription,
      current: row.datasetId !== null,
      coverage: coverageOf(row),
      first: previous === undefined,
      ...diff,
    };
  });
}

interface DiffRow {
  key: string;
  period: number;
  beforeRows: number | null;
  beforeQuantity: number | null;
  beforeValueUsd: number | null;
  afterRows: number | null;
  afterQuantity: number | null;
  afterValueUsd: number | null;
}

/**
 * Two figures differ unless both are missing or equal up to floating-point noise (sums of the same figures in
 * another order): NULL against a number is a change (a month reported where it was not, or the reverse).
 */
const differs = (a: string, b: string): string =>
  `((${a} IS NULL) <> (${b} IS NULL) OR abs(${a} - ${b}) > 1e-9 * max(abs(${a}), abs(${b})))`;

/**
 * Every (series, period) whose summary differs between versions @before and @after: what @before had (removed or
 * revised), then what only @after has (added). Two anti-joins over the primary key, not a FULL JOIN of two
 * subqueries, which SQLite runs as a nested scan (minutes for two 200,000-month versions).
 */
export const changedPeriods = `
  SELECT a.series_id AS seriesId, a.period, a.rows AS beforeRows, a.quantity AS beforeQuantity,
    a.value_usd AS beforeValueUsd, b.rows AS afterRows, b.quantity AS afterQuantity, b.value_usd AS afterValueUsd
  FROM version_months a
  LEFT JOIN version_months b ON b.version_id = @after AND b.series_id = a.series_id AND b.period = a.period
  WHERE a.version_id = @before AND (b.series_id IS NULL OR a.rows <> b.rows
    OR ${differs('a.quantity', 'b.quantity')} OR ${differs('a.value_usd', 'b.value_usd')})
  UNION ALL
  SELECT b.series_id, b.period, NULL, NULL, NULL, b.rows, b.quantity, b.value_usd
  FROM version_months b
  WHERE b.version_id = @after AND NOT EXISTS (SELECT 1 FROM version_months a
    WHERE a.version_id = @before AND a.series_id = b.series_id AND a.period = b.period)`;

/** What `after` changed from `before`: months added, removed and revised, in series and period order. */
function diffVersions(db: Db, before: number, after: number): { changes: VersionChange[]; changeCount: number } {
  const changeCount =
    db.prepare<{ before: number; after: number }, { n: number }>(`SELECT count(*) AS n FROM (${changedPeriods})`).get({
      before,
      after,
    })?.n ?? 0;
  if (changeCount === 0) return { changes: [], changeCount };
  const rows = db
    .prepare<{ before: number; after: number; limit: number }, DiffRow>(
      `SELECT vs.key, d.period, d.beforeRows, d.beforeQuantity, d.beforeValueUsd, d.afterRows, d.afterQuantity,
         d.afterValueUsd
       FROM (${changedPeriods}) d
       JOIN version_series vs ON vs.id = d.seriesId
       ORDER BY vs.key, d.period LIMIT @limit`,
    )
    .all({ before, after, limit: maxChangesPerVersion });
  const names = new Map<string, SeriesName>();
  const changes = rows.map((row): VersionChange => {
    let name = names.get(row.key);
    if (!name) {
      name = describeSeries(row.key);
      names.set(row.key, name);
    }
    const summaryOf = (rows: number | null, quantity: number | null, valueUsd: number | null) =>
      rows === null ? null : { rows, quantity, unit: name.unit, valueUsd };
    const beforeSummary = summaryOf(row.beforeRows, row.beforeQuantity, row.beforeValueUsd);
    const afterSummary = summaryOf(row.afterRows, row.afterQuantity, row.afterValueUsd);
    const kind = beforeSummary === null ? 'added' : afterSummary === null ? 'removed' : 'revised';
    const period = row.period === 0 ? null : periodText(row.period);
    const where = period === null ? name.short : `${name.short} ${period}`;
    const said = (summary: PeriodSummary | null): string => describeSummary(summary, name);
    const text =
      kind === 'added'
        ? `${where}: added, ${said(afterSummary)}`
        : kind === 'removed'
          ? `${where}: removed (was ${said(beforeSummary)})`
          : `${where}: ${said(beforeSummary)} → ${said(afterSummary)}`;
    return { series: name.label, period, kind, before: beforeSummary, after: afterSummary, text };
  });
  return { changes, changeCount };
}

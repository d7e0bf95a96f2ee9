/**
 * Refined petroleum notified to the 1718 Committee: one figure per reporter and month in the unit notified. When
 * several datasets hold a month, the most recently imported one is used and the others are listed beside it.
 */
import type { Db } from '../../db/connection.ts';
import { prepareCached } from '../statements.ts';
import type { StoredAmount } from '../conversion.ts';
import {
  combineParts,
  compareFigures,
  emptyPoint,
  type Part,
  type PointStatus,
  type SeriesPoint,
} from '../series-math.ts';

export interface Un1718Row {
  period: string;
  value: number | null;
  unit: 'bbl' | 't';
  status: PointStatus;
  source: string;
}

interface Un1718StoredRow extends Un1718Row {
  dataset: string;
  note: string | null;
}

/** One row per month, from the most recently imported dataset that has it (the cap report reads these). */
const un1718RowsSql = `SELECT period, value, unit, status, source FROM (
    SELECT period, value, unit, status, source,
      row_number() OVER (PARTITION BY period ORDER BY dataset_id DESC, id DESC) AS rank
    FROM un1718_reports WHERE reporter = @reporter AND period BETWEEN @from AND @to
  ) WHERE rank = 1 ORDER BY period`;
/** Every dataset's row, the one used first in each month. */
const un1718AllRowsSql = `SELECT r.period, r.value, r.unit, r.status, r.source, r.note, d.name AS dataset
    FROM un1718_reports r JOIN datasets d ON d.id = r.dataset_id
    WHERE r.reporter = @reporter AND r.period BETWEEN @from AND @to
    ORDER BY r.period, r.dataset_id DESC, r.id DESC`;
const un1718ExtentSql = `SELECT
    (SELECT period FROM un1718_reports WHERE reporter = @reporter ORDER BY period LIMIT 1) AS first,
    (SELECT period FROM un1718_reports WHERE reporter = @reporter ORDER BY period DESC LIMIT 1) AS last`;
const un1718StoredSql = `SELECT 1 FROM un1718_reports
  WHERE reporter = @reporter AND period BETWEEN @from AND @to AND unit = @unit AND value IS NOT NULL LIMIT 1`;

type Range = { reporter: string; from: string; to: string };

export function readUn1718Rows(db: Db, reporter: string, from: string, to: string): Un1718Row[] {
  return prepareCached<Range, Un1718Row>(db, un1718RowsSql).all({ reporter, from, to });
}

export function readUn1718Extent(db: Db, reporter: string): { first: string | null; last: string | null } | undefined {
  return prepareCached<{ reporter: string }, { first: string | null; last: string | null }>(db, un1718ExtentSql).get({
    reporter,
  });
}

export function isUn1718StoredAs(db: Db, reporter: string, from: string, to: string, unit: 'bbl' | 't'): boolean {
  return (
    prepareCached<Range & { unit: string }, unknown>(db, un1718StoredSql).get({ reporter, from, to, unit }) !==
    undefined
  );
}

export function un1718Amount(row: Pick<Un1718Row, 'value' | 'unit'>): StoredAmount | null {
  if (row.value === null) return null;
  return row.unit === 'bbl' ? { kind: 'barrels', bbl: row.value } : { kind: 'mass', kg: row.value * 1000 };
}

/** A stored row as a part of the series' figure (the series' unit conversion, passed in). */
export type ReadUn1718 = (row: Un1718Row) => Part;

function pointOf(period: string, row: Un1718StoredRow, read: ReadUn1718): SeriesPoint {
  const combined = combineParts([read(row)]);
  const point = emptyPoint(period);
  point.value = combined.value;
  point.status = combined.status;
  point.sources = combined.sources;
  if (row.note !== null) point.notes.push(row.note);
  if (combined.notes.length > 0) point.note = combined.notes.join('; ');
  return point;
}

export function buildUn1718Points(
  db: Db,
  reporter: string,
  months: readonly string[],
  read: ReadUn1718,
): SeriesPoint[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];
  const byMonth = new Map<string, Un1718StoredRow[]>();
  for (const row of prepareCached<Range, Un1718StoredRow>(db, un1718AllRowsSql).all({
    reporter,
    from: first,
    to: last,
  })) {
    const list = byMonth.get(row.period);
    if (list) list.push(row);
    else byMonth.set(row.period, [row]);
  }
  return months.map((period) => {
    const [used, ...others] = byMonth.get(period) ?? [];
    if (!used) return emptyPoint(period);
    const point = pointOf(period, used, read);
    point.datasets.push(used.dataset);
    for (const other of others) {
      const own = pointOf(period, other, read);
      const agrees = compareFigures(point.value, own.value);
      point.otherSources.push({
        dataset: other.dataset,
        value: own.value,
        status: own.status,
        sources: own.sources,
        agrees,
        notes: own.notes,
      });
      if (agrees === false) point.conflict = true;
    }
    return point;
  });
}

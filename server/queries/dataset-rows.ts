/**
 * One dataset's stored rows, in file order, for the datasets page's browser (GET /api/datasets/:name/rows): every
 * stored field of the dataset's kind, each row with its file line, filtered and paged. Filters that a kind has no
 * field for are refused by name rather than ignored.
 */
import type { Db } from '../db/connection.ts';
import { InvalidParameterError } from '../errors.ts';

export interface RowFilters {
  /** Months, YYYY-MM (a yearly figure is kept when its year is in range). */
  from?: string;
  to?: string;
  /** A group or product key, or an HS code prefix (customs flows); the commodity key elsewhere. */
  commodity?: string;
  reporter?: string;
  partner?: string;
}

export interface RowsPage {
  total: number;
  offset: number;
  limit: number;
  columns: string[];
  rows: Array<Record<string, unknown>>;
}

type FilterName = 'period' | 'commodity' | 'reporter' | 'partner';

interface KindSpec {
  /** What the kind's rows are called in an error ("events rows have no reporter"). */
  noun: string;
  /** SELECT list: `line` first, then every stored field, camelCase. */
  select: string;
  from: string;
  /** SQL for each filter this kind has, over @from/@to, @commodity, @reporter, @partner. */
  filters: Partial<Record<FilterName, string>>;
}

/** A period column holding YYYY-MM months or YYYY years: a year is kept when it overlaps the range. */
const periodFilter = (column: string): string =>
  `(CASE WHEN length(${column}) = 4 THEN ${column} BETWEEN substr(@from, 1, 4) AND substr(@to, 1, 4)
    ELSE ${column} BETWEEN @from AND @to END)`;

const kinds: Readonly<Record<string, KindSpec>> = {
  // The trade_flows view (migration 0005) gives a customs flow's every stored field back.
  flow_facts: {
    noun: 'customs flows',
    select: `line, reporter, partner, direction, frequency, period, hs_code AS hsCode, product,
      commodity_group AS commodityGroup, quantity, quantity_unit AS unit, net_weight_kg AS netWeightKg,
      value_usd AS valueUsd, status, source, note, is_quantity_estimated AS isQuantityEstimated,
      is_weight_estimated AS isWeightEstimated, is_aggregate AS isAggregate, reporter_code AS reporterCode,
      partner_code AS partnerCode, hs_revision AS hsRevision, flow_code AS flowCode, partner2,
      partner2_code AS partner2Code, customs_code AS customsCode, mot_code AS motCode, mos_code AS mosCode,
      value_fob_usd AS valueFobUsd, value_cif_usd AS valueCifUsd, is_reported AS isReported`,
    from: 'trade_flows',
    filters: {
      period: periodFilter('period'),
      commodity: `(commodity_group = @commodity OR product = @commodity
        OR (@commodity GLOB '[0-9]*' AND substr(hs_code, 1, length(@commodity)) = @commodity))`,
      reporter: 'reporter = @reporter',
      partner: 'partner = @partner',
    },
  },
  un1718_reports: {
    noun: '1718 notification',
    select: 'line, reporter, period, value, unit, status, source, note',
    from: 'un1718_reports',
    filters: { period: periodFilter('period'), reporter: 'reporter = @reporter' },
  },
  shipments: {
    noun: 'shipment',
    select: `line, date, vessel, imo, origin, destination, load_port AS loadPort, discharge_port AS dischargePort,
      commodity, quantity, unit, status, source, note`,
    from: 'shipments',
    filters: {
      period: 'month BETWEEN @from AND @to',
      commodity: 'commodity = @commodity',
      reporter: 'origin = @reporter',
      partner: 'destination = @partner',
    },
  },
  events: {
    noun: 'event',
    select: 'line, date, category, title, source, note',
    from: 'events',
    filters: { period: 'substr(date, 1, 7) BETWEEN @from AND @to' },
  },
  claims: {
    noun: 'claim',
    select: `line, commodity, reporter, partner, period, kind, value, unit, period_from AS periodFrom, source, quote,
      note`,
    from: 'claims',
    filters: {
      period: periodFilter('period'),
      commodity: 'commodity = @commodity',
      reporter: 'reporter = @reporter',
      partner: 'partner = @partner',
    },
  },
  conversion_factors: {
    noun: 'conversion factor',
    select: 'line, commodity, reporter, barrels_per_tonne AS barrelsPerTonne, source, note',
    from: 'conversion_factors',
    filters: { commodity: 'commodity = @commodity', reporter: 'reporter = @reporter' },
  },
};

/** The columns each row has (`file` and `line` first), for a dataset stored in `table`. */
function columnsOf(db: Db, spec: KindSpec): string[] {
  // The statement's own result columns: the one list, never a second copy to keep in step.
  const names = db
    .prepare(`SELECT ${spec.select} FROM ${spec.from} LIMIT 0`)
    .columns()
    .map((column) => column.name);
  return ['file', ...names];
}

/**
 * A page of the rows of dataset `datasetId`, stored in `table` (its format's table: import/rows.ts), in file order.
 * `fileName` is put on every row, as `file`, beside its `line`.
 */
export function browseRows(
  db: Db,
  table: string,
  datasetId: number,
  fileName: string,
  filters: RowFilters,
  page: { offset: number; limit: number },
): RowsPage {
  const spec = kinds[table];
  if (!spec) throw new Error(`no rows browser for table ${table}`);
  const conditions = ['dataset_id = @datasetId'];
  const wanted: Array<[FilterName, string, boolean]> = [
    ['period', 'from', filters.from !== undefined],
    ['period', 'to', filters.to !== undefined],
    ['commodity', 'commodity', filters.commodity !== undefined],
    ['reporter', 'reporter', filters.reporter !== undefined],
    ['partner', 'partner', filters.partner !== undefined],
  ];
  for (const [filter, parameter, given] of wanted) {
    if (!given) continue;
    const sql = spec.filters[filter];
    if (sql === undefined) {
      const usable = Object.keys(spec.filters).flatMap((name) => (name === 'period' ? ['from', 'to'] : [name]));
      throw new InvalidParameterError(
        parameter,
        `${spec.noun} rows have no ${filter === 'period' ? 'month' : filter}; ` +
          (usable.length > 0 ? `this dataset's rows can be filtered by ${usable.join(', ')}` : 'they take no filters'),
      );
    }
    if (!conditions.includes(sql)) conditions.push(sql);
  }
  const where = conditions.join(' AND ');
  const params = {
    datasetId,
    from: filters.from ?? '0000-00',
    to: filters.to ?? '9999-99',
    commodity: filters.commodity ?? null,
    reporter: filters.reporter ?? null,
    partner: filters.partner ?? null,
  };
  const total =
    db.prepare<typeof params, { n: number }>(`SELECT count(*) AS n FROM ${spec.from} WHERE ${where}`).get(params)?.n ??
    0;
  const rows = db
    .prepare<typeof params & { offset: number; limit: number }, Record<string, unknown>>(
      `SELECT ${spec.select} FROM ${spec.from} WHERE ${where} ORDER BY line LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, offset: page.offset, limit: page.limit });
  return {
    total,
    offset: page.offset,
    limit: page.limit,
    columns: columnsOf(db, spec),
    rows: rows.map((row) => ({ file: fileName, ...row })),
  };
}

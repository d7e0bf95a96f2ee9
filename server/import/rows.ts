/**
 * The rows each format's normalizer produces, and where each is stored: the table and the column each field fills.
 * Every row also gets `dataset_id` and `line`. Customs flows go through flow-writes.ts, which stores their text once.
 */
import type { SqlValue, StoredColumn, TableSpec } from '../queries/bulk-insert.ts';
import {
  flowSeriesColumns,
  flowsTableName,
  seriesKeyNull,
  seriesKeySeparator,
  toStoredPeriod,
  type FlowSeriesColumn,
} from '../queries/flow-writes.ts';
import { statusCodes, flowFlags, type ClaimBound, type ClaimKind, type Status } from '../vocabulary.ts';

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
  status: Status;
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

/** A customs flow from either kind of file: Tradeflow's own rows leave Comtrade's fields out (stored as NULL). */
export type FlowInsert = TradeflowFlowInsert & Partial<Pick<TradeFlowInsert, ComtradeOnlyField>>;

const seriesFields: Readonly<Record<FlowSeriesColumn, (row: FlowInsert) => SqlValue>> = {
  reporter: (r) => r.reporter,
  partner: (r) => r.partner,
  direction: (r) => r.direction,
  frequency: (r) => r.frequency,
  hs_code: (r) => r.hsCode,
  product: (r) => r.product,
  commodity_group: (r) => r.commodityGroup,
  quantity_unit: (r) => r.quantityUnit,
  reporter_code: (r) => r.reporterCode ?? null,
  partner_code: (r) => r.partnerCode ?? null,
  hs_revision: (r) => r.hsRevision ?? null,
  flow_code: (r) => r.flowCode ?? null,
  partner2: (r) => r.partner2 ?? null,
  partner2_code: (r) => r.partner2Code ?? null,
  customs_code: (r) => r.customsCode ?? null,
  mot_code: (r) => r.motCode ?? null,
  mos_code: (r) => r.mosCode ?? null,
};

/**
 * The text of a flow's series as one key, in flowSeriesColumns' order, as flow-writes.ts splits it. Made for every
 * row of a file, so kept cheap: plain concatenation (JSON.stringify of an array cost 0.8 s of a million-row import),
 * and the other module's constants copied here once (in the worker thread an imported binding is a getter call).
 */
const keyFields = flowSeriesColumns.map((column) => seriesFields[column]);
const keySeparator = seriesKeySeparator;
const keyNull = seriesKeyNull;
const storedPeriod = toStoredPeriod;

export function seriesKeyOf(row: FlowInsert): string {
  let key = '';
  for (let i = 0; i < keyFields.length; i += 1) {
    const value = (keyFields[i] as (row: FlowInsert) => SqlValue)(row);
    key += (i === 0 ? '' : keySeparator) + (value === null ? keyNull : value);
  }
  return key;
}

// Copied once, as above: read for every row.
const bits = { ...flowFlags };
const codes = { ...statusCodes };

function flowFlagsOf(row: FlowInsert): number {
  return (
    row.isQuantityEstimated * bits.quantityEstimated +
    row.isWeightEstimated * bits.weightEstimated +
    row.isAggregate * bits.aggregate +
    (row.isReported === null || row.isReported === undefined
      ? 0
      : bits.reportedGiven + row.isReported * bits.reportedByReporter)
  );
}

/**
 * Customs flows, in the layout flow-writes.ts reads (flowValueColumns): the series' text as one key, then the
 * figures. Both kinds of file use it; Tradeflow's own rows send NULL where Comtrade's fields would be.
 */
const flowColumns: ReadonlyArray<StoredColumn<FlowInsert>> = [
  ['series', (r) => seriesKeyOf(r)],
  ['period', (r) => storedPeriod(r.period)],
  ['quantity', (r) => r.quantity],
  ['net_weight_kg', (r) => r.netWeightKg],
  ['value_usd', (r) => r.valueUsd],
  ['status', (r) => codes[r.status as Status]],
  ['flags', (r) => flowFlagsOf(r)],
  ['source', (r) => r.source],
  ['note', (r) => r.note],
  ['value_fob_usd', (r) => r.valueFobUsd ?? null],
  ['value_cif_usd', (r) => r.valueCifUsd ?? null],
];

/** Customs flows from Tradeflow's flows format. */
export const tradeflowFlowsTable: TableSpec<TradeflowFlowInsert> = { name: flowsTableName, columns: flowColumns };

/** Customs flows from UN Comtrade's formats. */
export const tradeFlowsTable: TableSpec<TradeFlowInsert> = { name: flowsTableName, columns: flowColumns };

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

export interface ClaimInsert {
  commodity: string;
  reporter: string;
  partner: string;
  period: string;
  kind: ClaimKind;
  value: number | null;
  unit: string | null;
  /** A total's reading: the figure itself, or a bound ("more than"); `exact` for every other kind. */
  bound: ClaimBound;
  periodFrom: string | null;
  source: string;
  quote: string | null;
  note: string | null;
}

export const claimsTable: TableSpec<ClaimInsert> = {
  name: 'claims',
  columns: [
    ['commodity', (r) => r.commodity],
    ['reporter', (r) => r.reporter],
    ['partner', (r) => r.partner],
    ['period', (r) => r.period],
    ['kind', (r) => r.kind],
    ['value', (r) => r.value],
    ['unit', (r) => r.unit],
    ['bound', (r) => r.bound],
    ['period_from', (r) => r.periodFrom],
    ['source', (r) => r.source],
    ['quote', (r) => r.quote],
    ['note', (r) => r.note],
  ],
};

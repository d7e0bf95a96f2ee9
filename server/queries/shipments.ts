/**
 * Individual shipments (tanker calls and deliveries) in a date range, and per month how many there were and the
 * sum of the quantities that were published for them. A shipment without a published quantity is counted but
 * adds nothing: the month's quantity says for how many shipments it is known.
 */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';
import { listCommodityGroups } from './commodities.ts';
import type { ShipmentInsert } from '../import/rows.ts';
import {
  convertAmount,
  findConversionFactor,
  readStoredAmount,
  type ConversionFactor,
  type QuantityUnit,
} from './conversion.ts';
import { listMonths, tidy } from './series-math.ts';

export interface ShipmentsRequest {
  /** YYYY-MM-DD, both included; undefined: from the first / to the last shipment. */
  from?: string;
  to?: string;
  origin?: string;
  destination?: string;
  unit: QuantityUnit;
}

/** A shipment as stored: the same fields the importer writes (queries/imports.ts). */
export type Shipment = ShipmentInsert;

export interface ShipmentMonth {
  month: string;
  count: number;
  quantity: {
    /** Sum of the published quantities in `unit`; null when none was published (not zero). */
    value: number | null;
    unit: QuantityUnit;
    /** How many of `count` shipments had a quantity that could be expressed in `unit`. */
    knownFor: number;
  };
}

export interface ShipmentsReport {
  query: {
    from: string | null;
    to: string | null;
    origin: string | null;
    destination: string | null;
    unit: QuantityUnit;
  };
  shipments: Shipment[];
  months: ShipmentMonth[];
  /** Barrels-per-tonne factors used to express quantities in `unit`. */
  conversions: Array<ConversionFactor & { applied: string }>;
}

/**
 * Filters are chosen from fixed SQL fragments (never built from values) so each combination can use the
 * (origin, destination, date) index. One row per shipment key (date, vessel, load port): the most recently
 * imported dataset that has it.
 */
function shipmentsSql(origin: boolean, destination: boolean): string {
  const where = ['date >= @from', 'date <= @to'];
  if (origin) where.unshift('origin = @origin');
  if (destination) where.splice(origin ? 1 : 0, 0, 'destination = @destination');
  return `SELECT date, vessel, imo, origin, destination, loadPort, dischargePort, commodity, quantity, unit, status, source, note
    FROM (
      SELECT date, vessel, imo, origin, destination, load_port AS loadPort, discharge_port AS dischargePort, commodity,
        quantity, unit, status, source, note,
        row_number() OVER (PARTITION BY date, vessel, load_port ORDER BY dataset_id DESC, id DESC) AS rank
      FROM shipments WHERE ${where.join(' AND ')}
    ) WHERE rank = 1 ORDER BY date, vessel`;
}

export function loadShipments(db: Db, request: ShipmentsRequest): ShipmentsReport {
  const params = {
    from: request.from ?? '0000-01-01',
    to: request.to ?? '9999-12-31',
    origin: request.origin ?? null,
    destination: request.destination ?? null,
  };
  const shipments = prepareCached<typeof params, Shipment>(
    db,
    shipmentsSql(request.origin !== undefined, request.destination !== undefined),
  ).all(params);

  const groupOf = new Map<string, string>();
  for (const group of listCommodityGroups(db)) {
    groupOf.set(group.key, group.key);
    for (const product of group.products) groupOf.set(product.key, group.key);
  }
  const factors = new Map<string, ConversionFactor | undefined>();
  const used = new Map<ConversionFactor, Set<string>>();
  const factorFor = (shipment: Shipment): ConversionFactor | undefined => {
    const key = `${shipment.commodity}|${shipment.origin}`;
    if (!factors.has(key)) {
      const keys = [shipment.commodity, groupOf.get(shipment.commodity)].filter((k): k is string => k !== undefined);
      factors.set(key, findConversionFactor(db, [...new Set(keys)], shipment.origin));
    }
    return factors.get(key);
  };

  const first = request.from?.slice(0, 7) ?? shipments[0]?.date.slice(0, 7);
  const last = request.to?.slice(0, 7) ?? shipments[shipments.length - 1]?.date.slice(0, 7);
  const months: ShipmentMonth[] =
    first === undefined || last === undefined
      ? []
      : listMonths(first, last).map((month) => ({
          month,
          count: 0,
          quantity: { value: null, unit: request.unit, knownFor: 0 },
        }));
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const shipment of shipments) {
    const month = byMonth.get(shipment.date.slice(0, 7));
    if (!month) continue;
    month.count += 1;
    const amount = readStoredAmount(shipment.quantity, shipment.unit, null);
    if (amount === null) continue;
    const factor = factorFor(shipment);
    const converted = convertAmount(amount, request.unit, factor?.barrelsPerTonne);
    if (!converted.ok) continue;
    if (converted.applied && factor) used.set(factor, (used.get(factor) ?? new Set()).add(converted.applied));
    month.quantity.value = tidy((month.quantity.value ?? 0) + converted.value);
    month.quantity.knownFor += 1;
  }

  return {
    query: {
      from: request.from ?? null,
      to: request.to ?? null,
      origin: request.origin ?? null,
      destination: request.destination ?? null,
      unit: request.unit,
    },
    shipments,
    months,
    conversions: [...used].map(([factor, applied]) => ({ ...factor, applied: [...applied].sort().join(', ') })),
  };
}

import type { RecordReader } from '../record-reader.ts';
import { shipmentsTable, type ShipmentInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';

import { shipmentStatuses } from '../../vocabulary.ts';

/** One row per tanker call or delivery (docs/formats.md#shipments). */
export const tradeflowShipments: FormatDefinition<ShipmentInsert> = {
  name: 'shipments',
  description: 'Tradeflow shipments (date, vessel, origin, destination, commodity, source, …)',
  columns: [
    { name: 'date', required: true },
    { name: 'vessel', required: true },
    { name: 'imo', required: false },
    { name: 'origin', required: true },
    { name: 'destination', required: true },
    { name: 'load_port', required: false },
    { name: 'discharge_port', required: false },
    { name: 'commodity', required: true },
    { name: 'quantity', required: false },
    { name: 'unit', required: false },
    { name: 'status', required: false },
    { name: 'source', required: true },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): ShipmentInsert | undefined {
    const date = record.date('date');
    const vessel = record.requiredText('vessel');
    const imo = record.text('imo');
    if (imo !== undefined && !/^\d{7}$/.test(imo))
      record.report('imo', 'INVALID_VALUE', `"${imo}" is not a 7-digit IMO number`);
    const origin = record.country('origin');
    const destination = record.country('destination');
    const commodity = record.requiredText('commodity');
    const { groups, products } = record.context.catalog;
    if (commodity !== undefined && !groups.has(commodity) && !products.has(commodity)) {
      record.report('commodity', 'INVALID_VALUE', `"${commodity}" is not a commodity group or product key`);
    }
    const quantity = record.number('quantity');
    const unit = record.unit('unit', quantity !== undefined);
    const status = record.oneOf('status', shipmentStatuses, false) ?? 'reported';
    const source = record.requiredText('source');
    if (!record.ok || !date || !vessel || !origin || !destination || !commodity || !source) return undefined;
    return {
      date,
      vessel,
      imo: imo ?? null,
      origin,
      destination,
      loadPort: record.text('load_port') ?? null,
      dischargePort: record.text('discharge_port') ?? null,
      commodity,
      quantity: quantity ?? null,
      unit: quantity === undefined ? null : (unit ?? null),
      status,
      source,
      note: record.text('note') ?? null,
    };
  },

  keyOf: (row) => `${row.date}|${row.vessel}|${row.loadPort ?? ''}`,
  table: shipmentsTable,
};

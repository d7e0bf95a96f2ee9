import { groupOfHsCode, type RecordReader } from '../record-reader.ts';
import { toKilograms } from '../values.ts';
import { tradeflowFlowsTable, type TradeflowFlowInsert } from '../rows.ts';
import { readStatus, type FormatDefinition } from './format.ts';

import { directions } from '../../vocabulary.ts';
const hsCodePattern = /^\d{2,10}$/;

/** Tradeflow's own flows format (docs/formats.md#flows). */
export const tradeflowFlows: FormatDefinition<TradeflowFlowInsert> = {
  name: 'flows',
  description: 'Tradeflow trade flows (reporter, partner, direction, period, hs_code, …)',
  columns: [
    { name: 'reporter', required: true },
    { name: 'partner', required: true },
    { name: 'direction', required: true },
    { name: 'period', required: true },
    { name: 'hs_code', required: true },
    { name: 'product', required: false },
    { name: 'quantity', required: false },
    { name: 'unit', required: false },
    { name: 'value_usd', required: false },
    { name: 'status', required: false },
    { name: 'source', required: false },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): TradeflowFlowInsert | undefined {
    const reporter = record.country('reporter');
    const partner = record.country('partner');
    const direction = record.oneOf('direction', directions);
    const period = record.period('period');
    const hsCode = record.requiredText('hs_code');
    if (hsCode !== undefined && !hsCodePattern.test(hsCode)) {
      record.report('hs_code', 'INVALID_VALUE', `"${hsCode}" is not an HS code (2 to 10 digits, as text)`);
    }
    const product = record.text('product');
    const productGroup = product === undefined ? undefined : record.context.catalog.products.get(product);
    if (product !== undefined && productGroup === undefined) {
      const known = [...record.context.catalog.products.keys()].join(', ');
      record.report('product', 'INVALID_VALUE', `"${product}" is not a known product; expected one of ${known}`);
    }
    const quantity = record.number('quantity');
    const unit = record.unit('unit', record.text('quantity') !== undefined);
    const valueUsd = record.number('value_usd');
    const value = quantity ?? valueUsd;
    const valueColumn =
      record.text('quantity') !== undefined || record.text('value_usd') === undefined ? 'quantity' : 'value_usd';
    const status = readStatus(record, value, valueColumn);

    if (!record.ok || !reporter || !partner || !direction || !period || !hsCode || !status) return undefined;
    return {
      reporter,
      partner,
      direction,
      frequency: period.frequency,
      period: period.period,
      hsCode,
      product: product ?? null,
      commodityGroup: productGroup ?? groupOfHsCode(record.context.catalog, hsCode),
      quantity: quantity ?? null,
      quantityUnit: quantity === undefined ? null : (unit ?? null),
      netWeightKg: quantity === undefined || unit === undefined ? null : (toKilograms(quantity, unit) ?? null),
      valueUsd: valueUsd ?? null,
      status,
      isQuantityEstimated: status === 'estimated' ? 1 : 0,
      isWeightEstimated: status === 'estimated' ? 1 : 0,
      isAggregate: 0,
      source: record.text('source') ?? null,
      note: record.text('note') ?? null,
    };
  },

  keyOf: (row) => [row.reporter, row.partner, row.direction, row.period, row.hsCode, row.product ?? ''].join('|'),
  table: tradeflowFlowsTable,
};

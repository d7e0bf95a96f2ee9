import type { RecordReader } from '../record-reader.ts';
import { conversionFactorsTable, type ConversionFactorInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';

/** Barrels per tonne, each with its source (docs/formats.md#factors). */
export const tradeflowFactors: FormatDefinition<ConversionFactorInsert> = {
  name: 'factors',
  description: 'Tradeflow conversion factors (commodity, barrels_per_tonne, source)',
  columns: [
    { name: 'commodity', required: true },
    { name: 'reporter', required: false },
    { name: 'barrels_per_tonne', required: true },
    { name: 'source', required: true },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): ConversionFactorInsert | undefined {
    const commodity = record.requiredText('commodity');
    const { groups, products } = record.context.catalog;
    if (commodity !== undefined && !groups.has(commodity) && !products.has(commodity)) {
      record.report('commodity', 'INVALID_VALUE', `"${commodity}" is not a commodity group or product key`);
    }
    const reporter = record.country('reporter', false);
    const barrelsPerTonne = record.number('barrels_per_tonne', true);
    if (barrelsPerTonne === 0) record.report('barrels_per_tonne', 'INVALID_VALUE', 'a factor must be greater than 0');
    const source = record.requiredText('source');
    if (!record.ok || !commodity || barrelsPerTonne === undefined || !source) return undefined;
    return { commodity, reporter: reporter ?? '', barrelsPerTonne, source, note: record.text('note') ?? null };
  },

  keyOf: (row) => `${row.commodity}|${row.reporter}`,
  table: conversionFactorsTable,
};

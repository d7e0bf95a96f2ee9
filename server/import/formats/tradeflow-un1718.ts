import type { RecordReader } from '../record-reader.ts';
import { un1718ReportsTable, type Un1718ReportInsert } from '../rows.ts';
import { readStatus, type FormatDefinition } from './format.ts';
import { un1718Units } from '../../vocabulary.ts';

/** Refined petroleum notified to the UN 1718 Committee (docs/formats.md#un1718). */
export const tradeflowUn1718: FormatDefinition<Un1718ReportInsert> = {
  name: 'un1718',
  description: 'Tradeflow 1718 Committee notifications (reporter, period, value, unit, source)',
  columns: [
    { name: 'reporter', required: true },
    { name: 'period', required: true },
    { name: 'value', required: false },
    { name: 'unit', required: true },
    { name: 'status', required: false },
    { name: 'source', required: true },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): Un1718ReportInsert | undefined {
    const reporter = record.country('reporter');
    const period = record.month('period');
    const value = record.number('value');
    const unit = record.unit('unit', true, un1718Units);
    const source = record.requiredText('source');
    const status = readStatus(record, value, 'value');
    if (!record.ok || !reporter || !period || !source || !status || (unit !== 'bbl' && unit !== 't')) return undefined;
    return { reporter, period, value: value ?? null, unit, status, source, note: record.text('note') ?? null };
  },

  keyOf: (row) => `${row.reporter}|${row.period}`,
  table: un1718ReportsTable,
};

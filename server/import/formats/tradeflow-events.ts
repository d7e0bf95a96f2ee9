import type { RecordReader } from '../record-reader.ts';
import { eventsTable, type EventInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';

import { eventCategories } from '../../vocabulary.ts';

/** Dated events for the chart's time axis (docs/formats.md#events). */
export const tradeflowEvents: FormatDefinition<EventInsert> = {
  name: 'events',
  description: 'Tradeflow events (date, category, title)',
  columns: [
    { name: 'date', required: true },
    { name: 'category', required: true },
    { name: 'title', required: true },
    { name: 'source', required: false },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): EventInsert | undefined {
    const date = record.date('date');
    const category = record.oneOf('category', eventCategories);
    const title = record.requiredText('title');
    if (!record.ok || !date || !category || !title) return undefined;
    return { date, category, title, source: record.text('source') ?? null, note: record.text('note') ?? null };
  },

  keyOf: (row) => `${row.date}|${row.title}`,
  table: eventsTable,
};
